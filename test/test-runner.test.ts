/**
 * `npm test` starts jest through tools/test.mjs so that, on the Node releases that need the flag, jest
 * and its workers run AsyncLocalStorage on AsyncContextFrame (docs/performance.md, npm test).
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "./support/temp-dir";

const FLAG = "--experimental-async-context-frame";

/** `npm test` on the test files of `dir` alone, with no timings from an earlier run (its own cache). */
function runJest(dir: string, testMatch: string) {
  const config = JSON.stringify({
    rootDir: dir,
    testMatch: [testMatch],
    transform: {},
    cacheDirectory: join(dir, "cache"),
  });
  return spawnSync(process.execPath, ["tools/test.mjs", "--config", config, "--ci", "--maxWorkers", "2"], {
    encoding: "utf8",
  });
}

test("npm test and the browser tests start jest through the runner", () => {
  const { scripts } = JSON.parse(readFileSync("package.json", "utf8"));
  expect([scripts.test, scripts["test:browser"]]).toEqual([
    "node tools/test.mjs",
    "node tools/test.mjs --config jest.browser.config.js",
  ]);
});

test("the runner starts jest's workers with AsyncContextFrame where this Node takes the flag, and passes arguments on", () => {
  const dir = tempDir("slipway-test-runner-");
  // Two files and no timings from an earlier run: jest runs them in its workers, not in its own process.
  for (const name of ["one", "two"]) {
    const seen = JSON.stringify(join(dir, `${name}.json`));
    const record = `JSON.stringify({ execArgv: process.execArgv, script: process.argv[1] })`;
    writeFileSync(
      join(dir, `${name}.probe.test.js`),
      `test("probe", () => require("node:fs").writeFileSync(${seen}, ${record}));\n`,
    );
  }
  const run = runJest(dir, "**/*.probe.test.js");
  expect([run.status, run.stderr]).toEqual([0, expect.stringContaining("2 passed")]);
  for (const name of ["one", "two"]) {
    const seen = JSON.parse(readFileSync(join(dir, `${name}.json`), "utf8")) as { execArgv: string[]; script: string };
    expect(seen.script).toMatch(/jest-worker[/\\]build[/\\]processChild\.js$/);
    // Node 22.7–23 list the flag; Node 24 made AsyncContextFrame the default and refuses it.
    expect(seen.execArgv.includes(FLAG)).toBe(process.allowedNodeEnvironmentFlags.has(FLAG));
  }
});

test("a failing run's status reaches npm", () => {
  const dir = tempDir("slipway-test-runner-");
  writeFileSync(join(dir, "probe.test.js"), `test("probe", () => { throw new Error("no"); });\n`);
  const run = runJest(dir, "**/probe.test.js");
  expect(run.status).toBe(1);
});
