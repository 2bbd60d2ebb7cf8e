/**
 * The four keys on small histories whose answers are worked out by hand in each test (never by
 * running the code), through runDora with fake history and commit sources.
 */
import type { OpMap, UpdateSummary } from "@pulumi/pulumi/automation";
import { runDora, type DoraOptions } from "../tools/dora/dora-run";
import type { DoraMetrics } from "../tools/dora/metrics";
import { fencedBlockAfter } from "./support/docs";

interface Made {
  kind?: UpdateSummary["kind"];
  result?: UpdateSummary["result"];
  end: string;
  changes?: OpMap;
  commit?: string;
  message?: string;
}

function update(version: number, made: Made): UpdateSummary {
  return {
    version,
    kind: made.kind ?? "update",
    result: made.result ?? "succeeded",
    startTime: new Date(Date.parse(made.end) - 60_000),
    endTime: new Date(made.end),
    message: made.message ?? `v${version}`,
    environment: made.commit ? { "git.head": made.commit } : {},
    config: {},
    resourceChanges: made.changes ?? { update: 1, same: 10 },
  };
}

const C1 = "1111111111111111111111111111111111111111";
const C2 = "2222222222222222222222222222222222222222";
const C3 = "3333333333333333333333333333333333333333";
const C4 = "4444444444444444444444444444444444444444";
const UNKNOWN = "deadbeefdeadbeefdeadbeefdeadbeefdeadbeef";

const COMMITTED: Record<string, string> = {
  [C1]: "2025-03-01T00:00:00Z",
  [C2]: "2025-03-03T00:00:00Z",
  [C3]: "2025-03-05T00:00:00Z",
  [C4]: "2025-03-08T00:00:00Z",
};

async function dora(history: UpdateSummary[], options: Partial<DoraOptions> = {}) {
  const asked: string[] = [];
  const lines: string[] = [];
  const commits = {
    committedAt: async (commit: string) => {
      asked.push(commit);
      return COMMITTED[commit] ? new Date(COMMITTED[commit]) : undefined;
    },
  };
  const run = (json: boolean) =>
    runDora(
      { stack: "prod", gitDir: ".", sinceDays: 14, ...options, json },
      { history: async () => history, commits },
      (line) => lines.push(line),
    );
  await run(true);
  const metrics = JSON.parse(lines.splice(0).join("\n")) as DoraMetrics;
  await run(false);
  return { metrics, table: lines, asked };
}

const NOTHING: DoraMetrics = {
  deployments: 0,
  deploymentsPerWeek: 0,
  leadTimeHours: { median: null, p90: null },
  changeFailureRate: null,
  timeToRestoreHours: { median: null },
  skipped: 0,
};

describe("a fortnight with every case", () => {
  // Newest end: v13 (a refresh) at 03-15 12:00, so 14 days start at 03-01 12:00, both ends included.
  const history = [
    update(1, { end: "2025-03-01T11:59:59Z", commit: C1 }), // one second before the window
    update(2, { end: "2025-03-01T12:00:00Z", commit: C1 }), // on the window's start: lead 12 h
    update(3, { kind: "preview", end: "2025-03-02T00:00:00Z", commit: C2 }),
    update(4, { end: "2025-03-03T06:00:00Z", commit: C2, changes: { same: 11 } }), // a no-op up
    update(5, { result: "failed", end: "2025-03-04T00:00:00Z", commit: C2 }), // restored by v6 in 3 h
    update(6, { end: "2025-03-04T03:00:00Z", commit: C2 }), // lead 27 h
    update(7, { end: "2025-03-06T00:00:00Z", commit: C3, changes: { replace: 1 } }), // lead 24 h, rolled back
    update(8, { end: "2025-03-06T01:30:00Z", commit: C2, message: "rollback to v6 (commit 2222222)" }), // 73.5 h; restores v7 in 1.5 h
    update(9, { kind: "refresh", end: "2025-03-07T00:00:00Z", commit: C2 }),
    update(10, { end: "2025-03-09T00:00:00Z", commit: UNKNOWN, changes: { delete: 1 } }), // skipped
    update(11, { end: "2025-03-10T00:00:00Z", changes: { create: 2 } }), // no git.head: skipped
    update(12, { end: "2025-03-11T00:00:00Z", commit: C4 }), // lead 72 h
    update(13, { kind: "refresh", end: "2025-03-15T12:00:00Z", commit: C4, changes: { same: 12 } }),
  ];

  test("JSON: counts, nearest-rank lead times, failures and restores", async () => {
    const { metrics } = await dora(history);
    expect(metrics).toEqual({
      deployments: 8, // v2, v5, v6, v7, v8, v10, v11, v12
      deploymentsPerWeek: 3.5, // 7 successful / (14 / 7)
      leadTimeHours: { median: 27, p90: 73.5 }, // sorted 12, 24, 27, 72, 73.5: ranks ceil(2.5) = 3 and ceil(4.5) = 5
      changeFailureRate: 0.25, // v5 failed, v7 rolled back: 2 / 8
      timeToRestoreHours: { median: 1.5 }, // sorted 1.5, 3: rank ceil(1) = 1
      skipped: 2,
    });
  });

  test("the table gives each key its level", async () => {
    const { table } = await dora(history);
    expect(table).toEqual([
      "DORA four keys of stack prod: 14 days to 2025-03-15 12:00Z, 8 deployments",
      "key                    value                    level",
      "deployment frequency   3.5 per week             high",
      "lead time for changes  median 27 h, p90 73.5 h  high",
      "change failure rate    25 %                     low",
      "time to restore        median 1.5 h             high",
      "Lead time leaves out 2 successful deployments whose commit is unrecorded or not in the repository (git fetch).",
      "Levels: clusters of the 2023 Accelerate State of DevOps report; - where there is nothing to measure.",
    ]);
  });

  test("docs/dora.md shows this fortnight's table and JSON as the tool prints them", async () => {
    const { metrics, table } = await dora(history);
    expect(fencedBlockAfter("docs/dora.md", "On the fortnight of")).toEqual([
      "$ npm run --silent dora -- --stack prod --since 14",
      ...table,
    ]);
    expect(JSON.parse(fencedBlockAfter("docs/dora.md", "`--json` prints the same figures").join("\n"))).toEqual(
      metrics,
    );
  });

  test("only the commits of successful deployments in the window are looked up, once each", async () => {
    const { asked } = await dora(history);
    const once = [C1, C2, C3, UNKNOWN, C4];
    expect(asked).toEqual([...once, ...once]); // dora() runs twice: JSON, then the table
  });

  test("a longer window takes in v1 (lead 12 h less a second): the window's length divides the count", async () => {
    const { metrics } = await dora(history, { sinceDays: 28 });
    expect(metrics.deployments).toBe(9);
    expect(metrics.deploymentsPerWeek).toBe(2); // 8 successful / (28 / 7)
    expect(metrics.leadTimeHours).toEqual({ median: 24, p90: 73.5 }); // 11.9997, 12, 24, 27, 72, 73.5: ranks 3 and ceil(5.4) = 6
    expect(metrics.changeFailureRate).toBe(0.222); // 2 / 9
  });
});

test("an empty history has nothing to measure, not even a frequency", async () => {
  const { metrics, table } = await dora([]);
  expect(metrics).toEqual({ ...NOTHING, deploymentsPerWeek: null });
  expect(table).toEqual(["Stack prod has no finished updates: nothing to measure."]);
});

test("previews, refreshes, no-op updates and an update in progress are not deployments", async () => {
  const running = { ...update(4, { end: "2025-03-04T00:00:00Z", commit: C2 }), result: "in-progress" as const };
  delete (running as Partial<UpdateSummary>).endTime;
  delete running.resourceChanges;
  const history = [
    update(1, { kind: "preview", end: "2025-03-01T00:00:00Z", commit: C1 }),
    update(2, { kind: "refresh", end: "2025-03-02T00:00:00Z", commit: C1 }),
    update(3, { end: "2025-03-03T00:00:00Z", commit: C2, changes: { same: 10 } }),
    running,
  ];
  const { metrics, table } = await dora(history);
  expect(metrics).toEqual(NOTHING);
  expect(table.slice(1, 6)).toEqual([
    "key                    value       level",
    "deployment frequency   0 per week  low",
    "lead time for changes  -           -",
    "change failure rate    -           -",
    "time to restore        -           -",
  ]);
});

test("all failed: every deployment is a failure and none is restored", async () => {
  const history = [
    update(1, { result: "failed", end: "2025-03-01T00:00:00Z", commit: C1 }),
    update(2, { result: "failed", end: "2025-03-02T00:00:00Z", commit: C2 }),
  ];
  const { metrics, asked } = await dora(history);
  expect(metrics).toEqual({ ...NOTHING, deployments: 2, changeFailureRate: 1 });
  expect(asked).toEqual([]);
});

test("unknown and unrecorded commits are skipped, never guessed", async () => {
  const history = [
    update(1, { end: "2025-03-09T00:00:00Z", commit: UNKNOWN }),
    update(2, { end: "2025-03-10T00:00:00Z" }),
    update(3, { end: "2025-03-11T00:00:00Z", commit: C4 }), // lead 72 h
  ];
  const { metrics } = await dora(history);
  expect(metrics.leadTimeHours).toEqual({ median: 72, p90: 72 });
  expect(metrics.skipped).toBe(2);
});

test("a failure is restored by the next deployment that is not itself a failure", async () => {
  const history = [
    update(1, { result: "failed", end: "2025-03-10T00:00:00Z", commit: C4 }),
    update(2, { end: "2025-03-10T01:00:00Z", commit: C4 }), // rolled back by v3: a failure, restores nothing
    update(3, { end: "2025-03-10T02:00:00Z", commit: C4, message: "Rollback to v0" }),
  ];
  const { metrics } = await dora(history);
  expect(metrics.changeFailureRate).toBe(0.667); // v1 and v2 of 3
  expect(metrics.timeToRestoreHours.median).toBe(1); // v1: 2 h, v2: 1 h; nearest rank 1 of 2
});

test("a failure still unrestored at the window's end has no restore time", async () => {
  const history = [
    update(1, { end: "2025-03-10T00:00:00Z", commit: C4 }),
    update(2, { result: "failed", end: "2025-03-10T01:00:00Z", commit: C4 }),
  ];
  const { metrics } = await dora(history);
  expect(metrics.changeFailureRate).toBe(0.5);
  expect(metrics.timeToRestoreHours.median).toBeNull();
});
