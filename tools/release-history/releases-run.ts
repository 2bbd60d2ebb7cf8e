/**
 * `npm run releases`: the whole history, read WITHOUT secrets, as a listing, then the platform's images
 * as the last update recorded them (platform-images.ts).
 */
import { formatReleases, releaseRows } from "./listing";
import { platformImageLines } from "./platform-images";
import type { OpenStack, Output } from "./ports";
import { readHistory } from "./read-history";

export async function runReleases(stack: string, projectDir: string, openStack: OpenStack, out: Output): Promise<void> {
  const port = await openStack(projectDir);
  const history = await readHistory(port, false);
  for (const line of formatReleases(stack, releaseRows(history))) out.log(line);
  if (history.length > 0) for (const line of platformImageLines(await port.outputs())) out.log(line);
}
