import type { UpdateSummary } from "@pulumi/pulumi/automation";
import { planWorkdir, type CheckoutFacts } from "../tools/release-history/workdir-plan";
import { RollbackRefusal } from "../tools/release-history/target";
import { loadHistory, version } from "./support/history";

const prod = loadHistory("history-prod.json");
const v12 = version(prod, 12);
const V12_COMMIT = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
const facts = (overrides: Partial<CheckoutFacts>): CheckoutFacts => ({
  head: "f00dfacecafe0123456789abcdef0123456789ab",
  hasLocalChanges: false,
  hasCommit: true,
  dependenciesMatch: true,
  ...overrides,
});

describe("where a rollback runs the program", () => {
  test("the checkout itself when HEAD is the recorded commit and nothing is modified", () => {
    expect(planWorkdir(v12, facts({ head: V12_COMMIT }))).toEqual({
      kind: "checkout",
      commit: V12_COMMIT,
      warnings: [],
    });
  });

  test("a worktree when HEAD is the commit but tracked files are modified (they would be deployed too)", () => {
    expect(planWorkdir(v12, facts({ head: V12_COMMIT, hasLocalChanges: true }))).toMatchObject({
      kind: "worktree",
      commit: V12_COMMIT,
    });
  });

  test("a worktree of the recorded commit when HEAD differs; node_modules reused only if the lockfile matches", () => {
    expect(planWorkdir(v12, facts({}))).toEqual({
      kind: "worktree",
      commit: V12_COMMIT,
      dependencies: "link",
      warnings: [],
    });
    expect(planWorkdir(v12, facts({ dependenciesMatch: false }))).toMatchObject({
      kind: "worktree",
      dependencies: "install",
    });
  });

  test("refuses a commit this repository does not have", () => {
    expect(() => planWorkdir(v12, facts({ hasCommit: false }))).toThrow(
      new RollbackRefusal(
        "commit a1b2c3d (recorded by v12) is not in this repository: fetch it (git fetch origin) and retry",
      ),
    );
  });

  test("refuses an update that recorded no commit", () => {
    expect(() => planWorkdir(version(prod, 9), facts({}))).toThrow(
      /^v9 recorded no git commit \(environment key git.head\)/,
    );
  });

  test("never hands git a recorded value that is not a commit id", () => {
    const forged = {
      ...v12,
      environment: { ...v12.environment, "git.head": "--upload-pack=touch /tmp/pwned" },
    } as UpdateSummary;
    expect(() => planWorkdir(forged, facts({}))).toThrow(/which is not a commit id/);
  });

  test("warns when the target ran from a checkout with uncommitted changes", () => {
    const plan = planWorkdir(version(prod, 11), facts({}));
    expect(plan.warnings).toEqual([
      "v11 ran from a checkout with uncommitted changes (git.dirty): commit 8c1f2e3 may differ from the program that ran",
    ]);
  });
});
