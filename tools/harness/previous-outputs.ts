/**
 * The previous render's stack outputs, read back from its `outputs.json` as the next render's
 * previous update (run-program.ts `previousOutputs`), so the program keeps the release history the way
 * a real update does.
 *
 * outputs.json is redacted, and stays so: an output with any `[secret]` in it is left out rather than
 * fed back as a stand-in the program would take for the real value. The one secret the program needs,
 * the Secret-naming key, is restored from the mock engine, which derives it from the RandomBytes
 * resource's name (mock-cloud.ts): it is the key every offline render uses, so nothing secret was
 * written or is read. A real stack's key exists only in its encrypted state; the offline render cannot
 * reproduce a real stack's Secret names, only its own.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { NAME_KEY_OUTPUT, NAME_KEY_RESOURCE } from "../../stacks/previous-releases";
import { mockRandomBytes } from "./mock-cloud";
import type { StackOutputs } from "./run-program";
import { REDACTED } from "./secrets";

export function previousOutputs(outDir: string): StackOutputs | undefined {
  const file = join(outDir, "outputs.json");
  if (!existsSync(file)) return undefined;
  const written = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  const values = Object.fromEntries(
    Object.entries(written).filter(([, value]) => !JSON.stringify(value).includes(JSON.stringify(REDACTED))),
  );
  if (written[NAME_KEY_OUTPUT] !== REDACTED) return { values, secretNames: [] };
  values[NAME_KEY_OUTPUT] = mockRandomBytes(NAME_KEY_RESOURCE).hex;
  return { values, secretNames: [NAME_KEY_OUTPUT] };
}
