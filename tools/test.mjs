/**
 * `npm test` and `npm run test:browser`: jest, its workers on AsyncLocalStorage backed by
 * AsyncContextFrame. jest-circus 30.5.2 runs every test inside an AsyncLocalStorage (jestjs/jest
 * v30.5.2, packages/jest-circus/src/testExecutionContext.ts), and Node 22's default AsyncLocalStorage
 * is built on async_hooks, which then puts a hook on every promise; the Pulumi SDK makes dozens per
 * resource, so every render under jest paid for them (docs/performance.md, npm test).
 * Node 22.7–23 turn AsyncContextFrame on with `--experimental-async-context-frame`; from Node 24 it is
 * the default and that flag is refused, so it is passed only where Node lists it. jest forks its
 * workers with this process's flags (jestjs/jest v30.5.2,
 * packages/jest-worker/src/workers/ChildProcessWorker.ts: `execArgv: process.execArgv`).
 * Arguments pass through.
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const FLAG = "--experimental-async-context-frame";
const flags = process.allowedNodeEnvironmentFlags.has(FLAG) ? [FLAG] : [];
const jest = createRequire(import.meta.url).resolve("jest/bin/jest");
const run = spawnSync(process.execPath, [...flags, jest, ...process.argv.slice(2)], { stdio: "inherit" });
if (run.error) throw run.error;
process.exitCode = run.status ?? 1;
