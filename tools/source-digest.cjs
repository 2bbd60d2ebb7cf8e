/**
 * The digest of the Pulumi program's sources: tools/build-program.mjs writes it into the bundle the
 * CLI runs (dist/index.js), and the bundle compares it with the checkout's own at start, so a
 * `pulumi preview` after an edit without `npm run build` stops instead of deploying the old code.
 * CommonJS, so both the ESM build script and the bundle's first line can require it.
 */
const { createHash } = require("node:crypto");
const { existsSync, readdirSync, readFileSync } = require("node:fs");
const { join, relative } = require("node:path");

/** What the bundle is built from (its dependencies stay in node_modules, pinned by the lockfile). */
const PROGRAM_SOURCES = ["stacks", "components", "config"];

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

/** sha256 over every source file's path and content, or undefined where the sources are absent. */
function programDigest(root) {
  const dirs = PROGRAM_SOURCES.map((dir) => join(root, dir));
  if (!dirs.every((dir) => existsSync(dir))) return undefined;
  const hash = createHash("sha256");
  for (const file of dirs.flatMap(sourceFiles).sort())
    hash.update(`\0${relative(root, file)}\0`).update(readFileSync(file));
  return hash.digest("hex");
}

/** Throws when the checkout's sources differ from the ones the bundle was built from. */
function assertProgramCurrent(builtFrom, root) {
  const current = programDigest(root);
  if (current !== undefined && current !== builtFrom)
    throw new Error(
      "dist/index.js was built from other sources than this checkout's (stacks/, components/, config/): " +
        "run `npm run build` before `pulumi preview` or `pulumi up`",
    );
}

module.exports = { programDigest, assertProgramCurrent };
