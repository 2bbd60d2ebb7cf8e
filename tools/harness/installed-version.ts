/**
 * The version of an npm package as installed, read from its package.json above its entry point:
 * `require.resolve("<name>/package.json")` fails for a package whose `exports` map leaves it out
 * (@bufbuild/cel's does), and an entry folder may hold a package.json of its own (`"type"` only),
 * so the walk stops at the one naming the package.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

const versions = new Map<string, string>();

export function installedVersion(name: string): string {
  const known = versions.get(name);
  if (known !== undefined) return known;
  for (let dir = dirname(require.resolve(name)); ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    const parsed = existsSync(manifest) ? (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }) : {};
    if (parsed.name === name) {
      const { version } = parsed as { version: string };
      versions.set(name, version);
      return version;
    }
    if (dirname(dir) === dir) throw new Error(`no package.json of ${name} above its entry point`);
  }
}
