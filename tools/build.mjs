/**
 * Transpiles the program, the policies and the tools to CommonJS (about 0.1 s, no type-check:
 * `npm run typecheck` does that), so the npm scripts run plain JavaScript: loading through tsx
 * compiled every file on start and source-mapped every stack trace the SDK takes, which made module
 * loading ~0.7 s slower (docs/performance.md).
 *
 * The output goes to .build/<digest of the sources>/, made in a private folder and renamed into place,
 * so any number of scripts can build and run at once in one checkout: none ever deletes or half-writes
 * a build another is running. Plain JavaScript, so it runs before anything is compiled.
 */
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = ".build";
const SOURCES = ["config", "stacks", "components", "policy", "tools"];
/** Builds of other source versions older than this are removed (one may still be running). */
const STALE_MS = 24 * 3600 * 1000;

/** The .ts files under `dir`, not descending into node_modules (policy/ may have its own). */
function typescriptFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : typescriptFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

function removeStaleBuilds(keep) {
  for (const name of existsSync(ROOT) ? readdirSync(ROOT) : []) {
    const path = join(ROOT, name);
    if (name !== keep && Date.now() - statSync(path).mtimeMs > STALE_MS) rmSync(path, { recursive: true, force: true });
  }
}

/** Builds the current sources (unless already built) and returns the folder holding them. */
export async function buildOnce() {
  const files = SOURCES.flatMap(typescriptFiles).sort();
  const hash = createHash("sha256").update(readFileSync(fileURLToPath(import.meta.url)));
  for (const file of files) hash.update(`\0${file}\0`).update(readFileSync(file));
  const digest = hash.digest("hex").slice(0, 16);
  const out = join(ROOT, digest);
  if (existsSync(out)) return out;

  mkdirSync(ROOT, { recursive: true });
  const staging = mkdtempSync(join(ROOT, ".staging-"));
  try {
    await build({
      entryPoints: files,
      outdir: staging,
      outbase: ".",
      format: "cjs",
      platform: "node",
      target: "node22",
      // import() of a relative path needs an extension under ESM rules; as require() it resolves like the rest.
      supported: { "dynamic-import": false },
      logLevel: "warning",
    });
    renameSync(staging, out);
  } catch (error) {
    // Another script renamed the same sources' build into place first: use that one.
    if (!existsSync(out)) throw error;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  removeStaleBuilds(digest);
  return out;
}

// `npm run build`: build and print where.
if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(await buildOnce());
