/** `npm run dora` as npm runs it (built, through tools/run.mjs): offline, on a recorded history file. */
import { execFileSync, spawnSync } from "node:child_process";

const run = (...args: string[]) =>
  spawnSync(process.execPath, ["tools/run.mjs", "dora", "--stack", "prod", ...args], { encoding: "utf8" });
beforeAll(() => execFileSync(process.execPath, ["tools/build.mjs"]));

test("--json on a history file prints the figures and exits 0", () => {
  const result = run("--history", "test/fixtures/history-prod.json", "--json");
  expect([result.status, result.stderr]).toEqual([0, ""]);
  // 4 successful of 5 deployments in 90 days; none of the fixture's commits is in this repository.
  expect(JSON.parse(result.stdout)).toEqual({
    deployments: 5,
    deploymentsPerWeek: 0.31,
    leadTimeHours: { median: null, p90: null },
    changeFailureRate: 0.2,
    timeToRestoreHours: { median: 1.71 },
    skipped: 4,
  });
});

test.each([
  ["a missing history file", ["--history", "no/such/history.json"], /^dora: no\/such\/history\.json: ENOENT/],
  [
    "a --git outside any repository",
    ["--history", "test/fixtures/history-prod.json", "--git", "/"],
    /^dora: --git \/: not a git repository/,
  ],
])("%s: one line on stderr, exit 1", (_case, args, message) => {
  const result = run(...args);
  expect(result.status).toBe(1);
  expect(result.stdout).toBe("");
  expect(result.stderr).toMatch(message);
});
