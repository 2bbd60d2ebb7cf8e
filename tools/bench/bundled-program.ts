/**
 * The program as `pulumi preview` and `up` run it: the prebuilt bundle (`npm run build`, dist/index.js,
 * package.json "main"), not the sources. The benchmark measures that, so the module load it reports is
 * the CLI's. The SDK's cmd/run requires the bundle and takes its exports as the stack's outputs
 * (pulumi/pulumi v3.248.0 sdk/nodejs/cmd/run/run.js); here they are awaited into one object.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { PROGRAM_START_MARK } from "../../stacks/program-start";
import type { Program } from "../harness/run-program";

/** Built by `npm run bench` before it measures (package.json); it refuses to run if the sources changed since. */
const BUNDLE = resolve("dist", "index.js");

/**
 * Requires the packages the bundle requires, in its order, as its own load would: loading the bundle
 * runs the program, so the benchmark loads them first, as it does the baseline's classes;
 * programStartedAt tells the rest of the bundle's load from the program's time.
 */
export function loadBundleDependencies(path = BUNDLE): void {
  const load = createRequire(path);
  for (const [, request] of readFileSync(path, "utf8").matchAll(/\brequire\("([^".][^"]*)"\)/g)) load(request);
}

export function bundledProgram(path = BUNDLE): Program {
  return async () => {
    // oxlint-disable-next-line typescript/no-require-imports -- the CLI requires it this way
    const exports = require(path) as Record<string, unknown>;
    const entries = await Promise.all(Object.entries(exports).map(async ([name, value]) => [name, await value]));
    return Object.fromEntries(entries) as Record<string, unknown>;
  };
}

/**
 * When the bundle's entry started the program, its modules loaded (stacks/program-start.ts): what
 * comes before is module load, the bundle's own modules included.
 */
export function programStartedAt(): number {
  const mark = performance.getEntriesByName(PROGRAM_START_MARK).at(-1);
  if (mark === undefined) throw new Error(`bench: the bundle set no ${PROGRAM_START_MARK} mark; run npm run build`);
  return mark.startTime;
}
