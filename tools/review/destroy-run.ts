/**
 * `npm run review -- destroy` and `sweep`: a review stack goes as a person would remove it,
 * `pulumi destroy` then `pulumi stack rm` (the stack's history and file go with it). Destroying a stack that
 * is already gone succeeds, so a closed pull request's job can always run. The sweep removes every
 * review stack that has outlived its grant's TTL; one that fails to go does not stop the others.
 */
import { reviewStackName } from "../../config/review-stack";
import { existingReviewStacks, isExpired } from "./existing-stacks";
import type { ReviewOutput, ReviewWorkspace } from "./ports";
import { reviewGrantOf } from "./review-input";

async function destroyReviewStack(
  workspace: ReviewWorkspace,
  stackName: string,
  out: ReviewOutput,
): Promise<"destroyed" | "absent"> {
  const stack = await workspace.selectStack(stackName);
  if (stack === undefined) {
    out.log(`${stackName}: no such stack; nothing to destroy.`);
    return "absent";
  }
  // A checkout has no file for a review stack: restore it from the last update, or go without one
  // (a stack never updated has nothing whose provider needs its config).
  try {
    await workspace.refreshStackFile(stackName);
  } catch (error) {
    out.log(
      `${stackName}: no config to restore from its last update (${(error as Error).message}); destroying without it.`,
    );
  }
  await stack.destroy({ message: `review stack ${stackName} removed`, onOutput: out.stream });
  await workspace.removeStack(stackName);
  out.log(`${stackName}: destroyed and removed.`);
  return "destroyed";
}

export async function runReviewDestroy(
  options: { source: string; pr: number },
  deps: { workspace: ReviewWorkspace; out: ReviewOutput },
): Promise<0> {
  await destroyReviewStack(deps.workspace, reviewStackName(options.source, options.pr), deps.out);
  return 0;
}

export interface SweepOutcome {
  removed: string[];
  failed: string[];
  kept: string[];
}

export async function runReviewSweep(
  options: { now: Date; source?: string },
  deps: { workspace: ReviewWorkspace; out: ReviewOutput },
): Promise<SweepOutcome> {
  const { workspace, out } = deps;
  const outcome: SweepOutcome = { removed: [], failed: [], kept: [] };
  const ttls = new Map<string, number>();
  for (const stack of await existingReviewStacks(workspace, options.source)) {
    try {
      const { source } = stack.marker;
      const ttlHours = ttls.get(source) ?? reviewGrantOf(workspace.projectDir, source).ttlHours;
      ttls.set(source, ttlHours);
      if (!isExpired(stack, ttlHours, options.now)) {
        outcome.kept.push(stack.name);
        continue;
      }
      out.log(
        `${stack.name}: last updated ${stack.lastUpdate}, more than ${ttlHours} h before ${options.now.toISOString()}.`,
      );
      await destroyReviewStack(workspace, stack.name, out);
      outcome.removed.push(stack.name);
    } catch (error) {
      out.log(`${stack.name}: could not be removed: ${(error as Error).message}`);
      outcome.failed.push(stack.name);
    }
  }
  out.log(
    `Sweep: ${outcome.removed.length} removed, ${outcome.kept.length} within their TTL, ${outcome.failed.length} failed` +
      (outcome.failed.length > 0 ? ` (${outcome.failed.join(", ")})` : "") +
      ".",
  );
  return outcome;
}
