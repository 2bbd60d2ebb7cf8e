/**
 * `npm run review -- up`: the pull request's review stack, created or updated in place. Every refusal
 * (no free slot, a review stack the grant does not allow, no policy pack) comes before anything in the
 * backend changes; then the stack file is written, the stack created or selected, `pulumi up` run with
 * the policy pack, each served copy's smoke check sent and each copy's acceptance Jobs run in its
 * namespace (acceptance-jobs.ts). The comment is written in every outcome after the derivation, so a
 * failed push still tells the reviewer what happened.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { reviewGrantOf, reviewStackOf } from "./review-input";
import { changedApps, type PullRequestChanges } from "./changed-apps";
import { chooseSlot, existingReviewStacks, NoFreeSlot } from "./existing-stacks";
import { copySmokePlan, runSmoke, type Waiting } from "./acceptance-check";
import { noChangeComment, noSlotComment, upComment, type CopyReport } from "./comment";
import { runAcceptanceJobs } from "./acceptance-jobs";
import type { AcceptanceJobsApi, HttpGet, ReviewOutput, ReviewWorkspace } from "./ports";
import { withStackFile } from "./stack-file";
import { policyPackOptions, type PolicyChoice } from "../release-history/policy-pack";
import { noSuchStackFile } from "../ci/stacks";
import { StackFileError } from "../harness/stack-file";
import { SECRETS_KEY } from "../../config/secret-placement";
import type { ClusterAccess } from "../rollout-control/ports";
import { clusterAccess, deployedApp } from "../rollout-control/target";
import type { ConfigMap, OutputMap } from "@pulumi/pulumi/automation";

/** `slipway:secrets.<copy>.<NAME>` = its review value, as secrets, for `setAllConfig(…, path = true)`. */
function secretConfig(secrets: unknown): ConfigMap {
  const byApp = (secrets ?? {}) as Record<string, Record<string, string>>;
  return Object.fromEntries(
    Object.entries(byApp).flatMap(([app, names]) =>
      Object.entries(names).map(([name, value]) => [`${SECRETS_KEY}.${app}.${name}`, { value, secret: true }]),
    ),
  );
}

export interface UpRunOptions {
  source: string;
  pr: number;
  changes: PullRequestChanges;
  policy: PolicyChoice;
}

export interface UpRunDeps {
  workspace: ReviewWorkspace;
  get: HttpGet;
  waiting: Waiting;
  out: ReviewOutput;
  now: () => Date;
  connect: (access: ClusterAccess) => AcceptanceJobsApi;
  /** A short lowercase id, unique per push: the acceptance Jobs' names end with `pr<N>-<id>`. */
  runId: () => string;
}

export interface UpRunResult {
  /** 0: up and acceptance passed (or nothing to review); 1: either failed; 2: no free slot, nothing changed. */
  code: 0 | 1 | 2;
  comment: string;
}

export async function runReviewUp(options: UpRunOptions, deps: UpRunDeps): Promise<UpRunResult> {
  const { source, pr } = options;
  const { workspace, out } = deps;
  const dir = workspace.projectDir;
  const file = join(dir, `Pulumi.${source}.yaml`);
  if (!existsSync(file)) throw new StackFileError(noSuchStackFile(file, dir));
  const headStackFile = readFileSync(file, "utf8");
  const changed = changedApps(source, headStackFile, options.changes);
  if (changed !== "all" && changed.length === 0) {
    out.log(`${source}: the pull request changes none of its apps; no review stack.`);
    return { code: 0, comment: noChangeComment(source, pr) };
  }
  const { slots } = reviewGrantOf(dir, source);
  const existing = await existingReviewStacks(workspace, source);
  let slot: number;
  try {
    slot = chooseSlot(existing, source, pr, slots);
  } catch (error) {
    if (!(error instanceof NoFreeSlot)) throw error;
    // Refused before anything changed; the pull request hears why (stack names only).
    out.log(`review refused (nothing was changed): ${error.message}`);
    return { code: 2, comment: noSlotComment(source, pr, error.message) };
  }
  const review = reviewStackOf({ source, pr, slot, changed, dir });
  out.log(
    `Review stack ${review.stack}: slot ${slot} on ${review.platformStack}, apps ${review.copies.map((c) => c.app).join(", ")}.`,
  );

  const updated = existing.some((stack) => stack.name === review.stack);
  // The copies' secrets (their review values) never sit in the file in plain text: the CLI sets each
  // with --secret, encrypted by the stack's own secrets provider, after the rest is written.
  const { [SECRETS_KEY]: secrets, ...plain } = review.config;
  let outputs: OutputMap = {};
  const up = await withStackFile(dir, review.stack, plain, async (write) => {
    const stack = await workspace.createOrSelectStack(review.stack);
    // An updated stack's file gets its secrets provider's keys back; then the derived config, whole.
    if (updated) {
      await workspace.refreshStackFile(review.stack);
      write();
    }
    await stack.setAllConfig(secretConfig(secrets), true);
    const policy = policyPackOptions(review.stack, dir, options.policy);
    try {
      await stack.up({ message: `review #${pr} of ${source}`, onOutput: out.stream, ...policy });
      outputs = await stack.outputs();
      return "succeeded" as const;
    } catch (error) {
      out.log(`pulumi up failed on ${review.stack}: ${(error as Error).message}`);
      return "failed" as const;
    }
  });

  const apps = review.config["slipway:apps"] as Record<string, unknown>;
  const copies: CopyReport[] = [];
  const cluster = up === "succeeded" ? deps.connect(clusterAccess(outputs)) : undefined;
  const run = `pr${pr}-${deps.runId()}`;
  const reviewValues = Object.values((secrets ?? {}) as Record<string, Record<string, string>>).flatMap(Object.values);
  for (const copy of review.copies) {
    const plan = copySmokePlan(apps[copy.copy]);
    const report: CopyReport = { app: copy.app, url: copy.url };
    if (up === "succeeded" && copy.url !== undefined && plan !== undefined) {
      report.acceptance = await runSmoke(copy.url, plan, deps.get, deps.waiting);
      out.log(`${copy.app} ${report.acceptance.passed ? "passed" : "failed"}: ${report.acceptance.lines.join("; ")}`);
    }
    if (cluster !== undefined) {
      const { namespace } = deployedApp(outputs, review.stack, copy.copy, (message) => new Error(message));
      report.checks = (await runAcceptanceJobs(cluster, namespace, run)).map((check) => ({
        ...check,
        log: check.log.map((line) => reviewValues.reduce((text, value) => text.split(value).join("[secret]"), line)),
      }));
      for (const check of report.checks)
        out.log(
          `${copy.app} ${check.check} (Job ${namespace}/${check.job}): ${check.passed ? "passed" : `failed, ${check.reason}`}`,
        );
    }
    copies.push(report);
  }
  const passed =
    up === "succeeded" &&
    copies.every((copy) => copy.acceptance?.passed !== false && (copy.checks ?? []).every((check) => check.passed));
  const comment = upComment({
    source,
    pr,
    stack: review.stack,
    slot,
    platformStack: review.platformStack,
    up,
    copies,
    ttlHours: review.ttlHours,
    now: deps.now(),
  });
  return { code: passed ? 0 : 1, comment };
}
