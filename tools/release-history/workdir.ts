/**
 * Runs a step in the directory a rollback plan chose, and leaves the user's files as they were:
 * a temporary worktree is removed; in the checkout itself, the stack file is put back byte for byte
 * (setting the target's config rewrites it, and that rewrite is no one's to commit).
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CheckoutPort } from "./ports";
import { stackFileForRollback } from "./restore";
import type { WorkdirPlan } from "./workdir-plan";

export async function inWorkdir<T>(
  plan: WorkdirPlan,
  checkout: CheckoutPort,
  stackFileName: string,
  checkoutStackFile: string | undefined,
  step: (projectDir: string) => Promise<T>,
): Promise<T> {
  const startingFile = stackFileForRollback(checkoutStackFile);
  if (plan.kind === "checkout") {
    const file = join(checkout.projectDir, stackFileName);
    try {
      writeFileSync(file, startingFile);
      return await step(checkout.projectDir);
    } finally {
      if (checkoutStackFile === undefined) rmSync(file, { force: true });
      else writeFileSync(file, checkoutStackFile);
    }
  }
  const worktree = await checkout.addWorktree(plan.commit);
  try {
    if (plan.dependencies === "link") await checkout.linkDependencies(worktree.projectDir);
    else await checkout.installDependencies(worktree.projectDir);
    writeFileSync(join(worktree.projectDir, stackFileName), startingFile);
    return await step(worktree.projectDir);
  } finally {
    await checkout.removeWorktree(worktree);
  }
}
