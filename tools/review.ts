/**
 * `npm run review -- up|destroy|sweep|sources …`: the review-app lifecycle the review workflow
 * (.github/workflows/review.yml) drives, one pull request's review stack at a time (docs/review-apps.md).
 * Exit codes: 0 done; 1 `pulumi up`, an acceptance check, or a sweep's removal failed; 2 usage error
 * or refused before anything changed (no free slot, a review stack the grant does not allow).
 */
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { runCommand } from "./cli";
import { ConfigError } from "../config/errors";
import { reviewStackName } from "../config/review-stack";
import { reviewCommand, type ReviewOptions } from "./review-commands";
import { describeFailure, requirePulumiCli } from "./release-history/automation";
import { RollbackRefusal } from "./release-history/target";
import { StackFileError } from "./harness/stack-file";
import { automationWorkspace, fetchStatus } from "./review/automation";
import { pullRequestChanges } from "./review/changed-apps";
import { runReviewDestroy, runReviewSweep } from "./review/destroy-run";
import { reviewSources } from "./review/review-input";
import { runReviewUp } from "./review/up-run";
import { acceptanceJobsApi } from "./review/acceptance-kube-api";
import { kubeRequests } from "./rollout-control/kube-api";
import { connectionFor } from "./rollout-control/kubeconfig";

const out = { log: (line: string) => console.error(line), stream: (chunk: string) => process.stderr.write(chunk) };
/** DNS and the route of a new copy take a while: up to 5 minutes for its first answer. */
const WAITING = { attempts: 30, intervalMs: 10_000, sleep: (ms: number) => sleep(ms).then(() => undefined) };

async function run(options: ReviewOptions): Promise<number> {
  if (options.action === "sources") {
    console.log(JSON.stringify(reviewSources()));
    return 0;
  }
  const workspace = await automationWorkspace(process.cwd(), await requirePulumiCli());
  if (options.action === "destroy") return runReviewDestroy(options, { workspace, out });
  if (options.action === "sweep") {
    const outcome = await runReviewSweep(
      { now: options.now ?? new Date(), source: options.source },
      { workspace, out },
    );
    return outcome.failed.length > 0 ? 1 : 0;
  }
  const changes = pullRequestChanges(process.cwd(), options.base, options.source);
  const result = await runReviewUp(
    { source: options.source, pr: options.pr, changes, policy: options.policy },
    {
      workspace,
      get: fetchStatus,
      waiting: WAITING,
      out,
      now: () => new Date(),
      connect: (access) => acceptanceJobsApi(kubeRequests(connectionFor(access)), WAITING.sleep),
      runId: () => randomBytes(3).toString("hex"),
    },
  );
  if (options.comment === undefined) process.stdout.write(result.comment);
  else writeFileSync(options.comment, result.comment);
  return result.code;
}

runCommand(reviewCommand, async (options) => {
  try {
    return await run(options);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof StackFileError || error instanceof RollbackRefusal) {
      console.error(`review refused (nothing was changed): ${error.message}`);
      return 2;
    }
    const stack = "pr" in options ? reviewStackName(options.source, options.pr) : "a review stack";
    console.error(`review ${options.action} failed: ${describeFailure(error, stack)}`);
    return 1;
  }
});
