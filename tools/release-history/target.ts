/**
 * Which update a rollback re-applies, and when to refuse. Only a succeeded `update` has a desired state
 * worth re-applying; refreshes, renames and previews change no desired state, so they are neither the
 * "current" release nor a target.
 */
import type { UpdateSummary } from "@pulumi/pulumi/automation";
import { formatTime, newestFirst } from "./listing";

/** A rollback that must not happen, with the reason a user can act on. Nothing has been changed. */
export class RollbackRefusal extends Error {
  override name = "RollbackRefusal";
}

/** Kinds that change what is deployed: the newest of these is the current release. */
const DEPLOYING_KINDS = new Set(["update", "destroy", "import"]);

export interface RollbackChoice {
  current: UpdateSummary;
  target: UpdateSummary;
}

/** `12` or `v12`. */
export function parseVersion(text: string): number {
  const match = /^v?(\d+)$/.exec(text.trim());
  if (!match || Number(match[1]) < 1) throw new RollbackRefusal(`--to ${text}: expected a version such as v12 or 12`);
  return Number(match[1]);
}

export function chooseTarget(stack: string, history: UpdateSummary[], requested?: number): RollbackChoice {
  const updates = newestFirst(history);
  const running = updates.find((u) => u.result === "in-progress");
  if (running) {
    throw new RollbackRefusal(
      `v${running.version} (${running.kind}, started ${formatTime(running.startTime)}) is still in progress on stack ${stack}: ` +
        `wait for it to finish, or cancel it with \`pulumi cancel --stack ${stack}\`, then retry`,
    );
  }
  const current = updates.find((u) => DEPLOYING_KINDS.has(u.kind));
  if (!current) throw new RollbackRefusal(`stack ${stack} has no updates: nothing to roll back`);
  const listing = `see \`npm run releases -- --stack ${stack}\``;

  if (requested === undefined) {
    const target = updates.find((u) => u.version < current.version && u.kind === "update" && u.result === "succeeded");
    if (!target)
      throw new RollbackRefusal(`stack ${stack} has no successful update before v${current.version} to roll back to`);
    return { current, target };
  }

  const target = updates.find((u) => u.version === requested);
  if (!target) {
    const range =
      updates.length > 0 ? ` (it holds v${updates[updates.length - 1].version}–v${updates[0].version})` : "";
    throw new RollbackRefusal(`v${requested} is not in the history of stack ${stack}${range}; ${listing}`);
  }
  if (target.version === current.version) {
    throw new RollbackRefusal(
      `v${requested} is the current release of stack ${stack}: pick an earlier successful update; ${listing}`,
    );
  }
  if (target.kind !== "update") {
    throw new RollbackRefusal(
      `v${requested} is a ${target.kind}, not an update: only an update's desired state can be re-applied; ${listing}`,
    );
  }
  if (target.result === "failed") {
    throw new RollbackRefusal(
      `v${requested} failed: its desired state was never fully applied, so it is no rollback target; ${listing}`,
    );
  }
  if (target.result !== "succeeded") {
    throw new RollbackRefusal(
      `v${requested} did not complete (${target.result}), so it is no rollback target; ${listing}`,
    );
  }
  return { current, target };
}
