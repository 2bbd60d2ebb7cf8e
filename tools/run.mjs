/**
 * `node tools/run.mjs <tool> [args…]`: builds the sources (tools/build.mjs) and runs
 * .build/<digest>/tools/<tool>.js with the remaining arguments, as every npm script but `test` does.
 */
import { resolve } from "node:path";
import { buildOnce } from "./build.mjs";

const [tool, ...args] = process.argv.slice(2);
if (!tool) {
  console.error("usage: node tools/run.mjs <tool> [args…]");
  process.exit(2);
}
const out = await buildOnce();
process.argv = [process.argv[0], resolve(out, "tools", `${tool}.js`), ...args];
// The compiled tools are CommonJS; run.mjs is ESM, so load through createRequire.
const { createRequire } = await import("node:module");
createRequire(import.meta.url)(process.argv[1]);
