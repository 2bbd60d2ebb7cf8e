/**
 * Where a rollback runs the program: the recorded commit's program, never whatever is checked out.
 * The current checkout serves when it is exactly that commit with no local changes; otherwise a
 * temporary detached git worktree of the commit does, removed afterwards.
 */
import type { UpdateSummary } from "@pulumi/pulumi/automation";
import { RollbackRefusal } from "./target";

export interface CheckoutFacts {
  head?: string;
  hasLocalChanges: boolean;
  hasCommit: boolean;
  /** package.json and package-lock.json at the commit equal the checkout's, so its node_modules fits. */
  dependenciesMatch: boolean;
}

export type WorkdirPlan =
  | { kind: "checkout"; commit: string; warnings: string[] }
  | { kind: "worktree"; commit: string; dependencies: "link" | "install"; warnings: string[] };

/** The commit an update recorded, if it looks like one (it is passed to git, so nothing else is). */
export function recordedCommit(update: UpdateSummary): string | undefined {
  const head = update.environment?.["git.head"]?.trim();
  return head && /^[0-9a-f]{7,64}$/i.test(head) ? head.toLowerCase() : undefined;
}

export function refuseWithoutCommit(update: UpdateSummary): string {
  const commit = recordedCommit(update);
  if (commit) return commit;
  const raw = update.environment?.["git.head"];
  throw new RollbackRefusal(
    raw
      ? `v${update.version} recorded git.head "${raw}", which is not a commit id: its program cannot be checked out`
      : `v${update.version} recorded no git commit (environment key git.head): the program it ran is unknown, so it cannot be re-applied. ` +
          "Pulumi records the commit when it runs inside a git checkout (or when PULUMI_GIT_HEAD is set)",
  );
}

export function planWorkdir(target: UpdateSummary, facts: CheckoutFacts): WorkdirPlan {
  const commit = refuseWithoutCommit(target);
  const short = commit.slice(0, 7);
  if (!facts.hasCommit) {
    throw new RollbackRefusal(
      `commit ${short} (recorded by v${target.version}) is not in this repository: fetch it (git fetch origin) and retry`,
    );
  }
  const warnings: string[] = [];
  if (target.environment["git.dirty"] === "true") {
    warnings.push(
      `v${target.version} ran from a checkout with uncommitted changes (git.dirty): commit ${short} may differ from the program that ran`,
    );
  }
  if (facts.head === commit && !facts.hasLocalChanges) return { kind: "checkout", commit, warnings };
  return { kind: "worktree", commit, dependencies: facts.dependenciesMatch ? "link" : "install", warnings };
}

export function describeWorkdir(plan: WorkdirPlan): string {
  const short = plan.commit.slice(0, 7);
  if (plan.kind === "checkout") return `program: this checkout (HEAD is ${short}, no local changes)`;
  const deps =
    plan.dependencies === "link"
      ? "node_modules linked from this checkout (same lockfile)"
      : "dependencies installed with npm (lockfile differs)";
  return `program: commit ${short} in a temporary git worktree, ${deps}`;
}
