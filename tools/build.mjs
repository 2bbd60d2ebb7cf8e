/**
 * `npm run build`: transpiles the program, the policies and the tools to CommonJS in .build/ (about
 * 0.1 s, no type-check: `npm run typecheck` does that). Every npm script but `test` builds first and
 * runs the result with plain node: loading through tsx compiled every file on start and source-mapped
 * every stack trace the SDK takes, which made module loading ~0.7 s slower (README "Performance").
 * Plain JavaScript, so it runs before anything is compiled.
 */
import { build } from "esbuild";
import { copyFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

const OUT = ".build";
const SOURCES = ["stacks", "components", "policy", "tools"];
/** Read at run time next to the compiled code. */
const COPIED = ["tools/harness/esm-validate.mjs"];

/** The .ts files under `dir`, not descending into node_modules (policy/ may have its own). */
function typescriptFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : typescriptFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

rmSync(OUT, { recursive: true, force: true });
await build({
  entryPoints: SOURCES.flatMap(typescriptFiles).sort(),
  outdir: OUT,
  outbase: ".",
  format: "cjs",
  platform: "node",
  target: "node22",
  // import() of a relative path needs an extension under ESM rules; as require() it resolves like the rest.
  supported: { "dynamic-import": false },
  logLevel: "warning",
});
for (const file of COPIED) copyFileSync(file, join(OUT, file));
