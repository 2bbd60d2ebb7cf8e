/** `npm run releases`: the whole history, read WITHOUT secrets, as a listing. */
import { formatReleases, releaseRows } from "./listing";
import type { OpenStack, Output } from "./ports";
import { readHistory } from "./read-history";

export async function runReleases(stack: string, projectDir: string, openStack: OpenStack, out: Output): Promise<void> {
  const history = await readHistory(await openStack(projectDir), false);
  for (const line of formatReleases(stack, releaseRows(history))) out.log(line);
}
