/**
 * The review stack's config goes to the engine as a stack file, `Pulumi.<review stack>.yaml` in the
 * project directory, written whole from the derivation on every run rather than merged in with
 * `setAllConfig`: nothing an earlier push set can linger, objects stay YAML as `npm run render --
 * --review` shows them, and `npm run policy-config` reads the same file for the pack's namespaces.
 * The keys the CLI keeps there (the secrets provider's `encryptionsalt`, `secretsprovider`,
 * `encryptedkey`) are kept. The file is derived, never committed: the run puts back what was there.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";

/**
 * Writes the stack file with `config`, runs `step` (which may write it again, after the CLI rewrote
 * it), and leaves the directory as it found it.
 */
export async function withStackFile<T>(
  projectDir: string,
  stack: string,
  config: Record<string, unknown>,
  step: (write: () => void) => Promise<T>,
): Promise<T> {
  const file = join(projectDir, `Pulumi.${stack}.yaml`);
  const before = existsSync(file) ? readFileSync(file, "utf8") : undefined;
  const write = () => writeStackConfig(file, config);
  try {
    write();
    return await step(write);
  } finally {
    if (before === undefined) rmSync(file, { force: true });
    else writeFileSync(file, before);
  }
}

/** Replaces the file's `config:` (keys in order), keeping every other key the CLI wrote there. */
function writeStackConfig(file: string, config: Record<string, unknown>): void {
  const kept = existsSync(file) ? ((parse(readFileSync(file, "utf8")) ?? {}) as Record<string, unknown>) : {};
  const sorted = Object.fromEntries(
    Object.keys(config)
      .sort()
      .map((key) => [key, config[key]]),
  );
  writeFileSync(file, stringify({ ...kept, config: sorted }));
}
