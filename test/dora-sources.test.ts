/**
 * dora's two readers: a file of `pulumi stack history --json` (camelCase keys and RFC 5424 times, as
 * the CLI prints them), and committer times from a real temporary git repository.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { UpdateSummary } from "@pulumi/pulumi/automation";
import { runDora, stackHistory } from "../tools/dora/dora-run";
import { gitCommitClock } from "../tools/dora/git-commit-clock";
import { readHistoryFile } from "../tools/dora/history-file";
import { fakeStacks } from "./support/fake-stack";
import { fixturePath, loadHistory } from "./support/history";

const dir = mkdtempSync(join(tmpdir(), "slipway-dora-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("the stack's history is read page by page without secrets, and measures as the same file does", async () => {
  const { calls, openStack } = fakeStacks({ plain: loadHistory("history-prod.json"), withSecrets: [], decrypted: {} });
  const measure = async (history: () => Promise<UpdateSummary[]>) => {
    const lines: string[] = [];
    const commits = { committedAt: async () => undefined };
    const options = { stack: "prod", gitDir: ".", sinceDays: 90, json: true };
    await runDora(options, { history, commits }, (line) => lines.push(line));
    return JSON.parse(lines.join("\n"));
  };
  const fromStack = await measure(stackHistory(openStack, "/project"));
  expect(calls.map(({ dir, method, args }) => [dir, method, args])).toEqual([
    ["/project", "selectStack", []],
    ["/project", "history", [100, 1, false]],
  ]);
  expect(fromStack).toEqual(await measure(async () => readHistoryFile(fixturePath("history-prod.json"))));
  // v10-v14 change resources (v13 failed, restored by v14 in 1 h 42 min 28 s); v9 is a no-op, v15 a refresh.
  expect(fromStack).toMatchObject({ deployments: 5, changeFailureRate: 0.2, timeToRestoreHours: { median: 1.71 } });
});

describe("a history file", () => {
  test("reads as Stack.history() does: the two times become Dates", () => {
    expect(readHistoryFile(fixturePath("history-prod.json"))).toEqual(loadHistory("history-prod.json"));
  });

  test("an update in progress has no endTime and no resourceChanges", () => {
    const [running] = readHistoryFile(fixturePath("history-staging-running.json"));
    expect(running.result).toBe("in-progress");
    expect("endTime" in running).toBe(false);
    expect(running.startTime).toEqual(new Date("2025-03-12T11:00:00.000Z"));
  });

  test.each([
    ["not JSON", "{", /history\.json: .*JSON/],
    ["not an array", '{"version": 1}', /expected the JSON array/],
    ["an entry without a version", '[{"kind": "update"}]', /entry 0: not an update/],
    ["PascalCase keys (the CLI prints camelCase)", '[{"Version": 1, "Kind": "update"}]', /entry 0: not an update/],
    [
      "a missing result",
      '[{"version": 1, "kind": "update", "startTime": "2025-03-01T00:00:00.000Z"}]',
      /"result" is missing/,
    ],
    [
      "a bad time",
      '[{"version": 1, "kind": "update", "result": "failed", "startTime": "x", "endTime": "y"}]',
      /"startTime" is not a time/,
    ],
  ])("refused: %s", (_case, text, message) => {
    const file = join(dir, "history.json");
    writeFileSync(file, text);
    expect(() => readHistoryFile(file)).toThrow(message);
  });
});

describe("commit times from git", () => {
  const repo = join(dir, "repo");
  const git = (...args: string[]) =>
    execFileSync("git", ["-C", repo, ...args], {
      encoding: "utf8",
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: "a",
        GIT_AUTHOR_EMAIL: "a@example.test",
        GIT_COMMITTER_NAME: "c",
        GIT_COMMITTER_EMAIL: "c@example.test",
        GIT_AUTHOR_DATE: "2025-02-01T00:00:00Z",
        // The committer time, not the author's, is when the change entered the branch.
        GIT_COMMITTER_DATE: "2025-03-04T05:06:07+02:00",
      },
    }).trim();
  let head: string;
  beforeAll(() => {
    execFileSync("git", ["init", "-q", repo]);
    git("commit", "-q", "--allow-empty", "-m", "one");
    head = git("rev-parse", "HEAD");
  });

  test("a known commit, full or abbreviated, gives its committer time", async () => {
    const clock = await gitCommitClock(repo);
    expect(await clock.committedAt(head)).toEqual(new Date("2025-03-04T03:06:07Z"));
    expect(await clock.committedAt(head.slice(0, 12))).toEqual(new Date("2025-03-04T03:06:07Z"));
  });

  test("an unknown commit, or something that is not a commit name, is undefined", async () => {
    const clock = await gitCommitClock(repo);
    expect(await clock.committedAt("deadbeefdeadbeefdeadbeefdeadbeefdeadbeef")).toBeUndefined();
    expect(await clock.committedAt("HEAD")).toBeUndefined();
    expect(await clock.committedAt("--output=x")).toBeUndefined();
  });

  test("a directory outside any repository is an error, not a history of unknown commits", async () => {
    const outside = mkdtempSync(join(tmpdir(), "slipway-dora-nogit-"));
    try {
      await expect(gitCommitClock(outside)).rejects.toThrow(/^--git .*: not a git repository/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
