/**
 * `npm test` starts jest through tools/test.mjs so that, on the Node releases that need the flag, jest
 * and its workers run AsyncLocalStorage on AsyncContextFrame (the suite's renders ~20 % faster).
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "./support/temp-dir";

const FLAG = "--experimental-async-context-frame";

test("npm test is the runner", () => {
  expect(JSON.parse(readFileSync("package.json", "utf8")).scripts.test).toBe("node tools/test.mjs");
});

test("the runner starts jest with AsyncContextFrame where this Node takes the flag, and passes arguments on", () => {
  const dir = tempDir("slipway-test-runner-");
  const seen = join(dir, "exec-argv.json");
  writeFileSync(
    join(dir, "probe.test.js"),
    `test("probe", () => require("node:fs").writeFileSync(${JSON.stringify(seen)}, JSON.stringify(process.execArgv)));\n`,
  );
  const config = JSON.stringify({ rootDir: dir, testMatch: ["**/probe.test.js"], transform: {} });
  const run = spawnSync(process.execPath, ["tools/test.mjs", "--config", config, "--ci"], { encoding: "utf8" });
  expect([run.status, run.stderr]).toEqual([0, expect.stringContaining("1 passed")]);
  const execArgv = JSON.parse(readFileSync(seen, "utf8")) as string[];
  // Node 22.7–23 list the flag; Node 24 made AsyncContextFrame the default and refuses it.
  expect(execArgv.includes(FLAG)).toBe(process.allowedNodeEnvironmentFlags.has(FLAG));
});

test("a failing run's status reaches npm", () => {
  const dir = tempDir("slipway-test-runner-");
  writeFileSync(join(dir, "probe.test.js"), `test("probe", () => { throw new Error("no"); });\n`);
  const config = JSON.stringify({ rootDir: dir, testMatch: ["**/probe.test.js"], transform: {} });
  const run = spawnSync(process.execPath, ["tools/test.mjs", "--config", config, "--ci"], { encoding: "utf8" });
  expect(run.status).toBe(1);
});
