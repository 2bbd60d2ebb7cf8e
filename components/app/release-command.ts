/**
 * The release phase: one batch/v1 Job per release that runs `release.command` in the new image with
 * the new release's ConfigMap and Secret, hardened by the same pod template as every process. Every
 * workload of the app (Deployments, the web Rollout, CronJobs) depends on it, so none changes before
 * it has succeeded.
 *
 * Why a Pulumi-awaited Job and not an Argo Rollouts pre-analysis Job metric: Argo creates the new
 * ReplicaSet before it reconciles any analysis (argoproj/argo-rollouts v1.9.0 rollout/canary.go
 * rolloutCanary and rollout/bluegreen.go rolloutBlueGreen call getAllReplicaSetsAndSyncRevision before
 * reconcileAnalysisRuns; a canary has no prePromotionAnalysis at all, and blue/green's runs against
 * the preview ReplicaSet's pods), so new code would already run against the old schema, and
 * Deployments and CronJobs have no analysis. The Job here is ordered by the engine instead:
 *  - pulumi-kubernetes awaits a Job on create and update until `.status.startTime` is set and the
 *    Complete condition is True, and fails at once on a Failed condition with reason
 *    BackoffLimitExceeded or DeadlineExceeded (pulumi/pulumi-kubernetes v4.32.0, not re-read at v4.34.2,
 *    provider/pkg/await/job.go and await/checker/job/check.go; the pin is 4.34.2, whose Job docs
 *    batch/v1/job.d.ts say the same). The wait lasts `customTimeouts`, else the
 *    `pulumi.com/timeoutSeconds` annotation, else 10 minutes (metadata/overrides.go TimeoutDuration);
 *    `pulumi.com/skipAwait` would turn it off, so it is never set here. A failed await is a failed
 *    create (provider/provider.go Create returns partialError), so the update fails.
 *  - `dependsOn` makes the SDK wait for the Job's URN, which resolves only when the engine has
 *    finished its step (pulumi/pulumi v3.248.0 sdk/nodejs/runtime/dependsOn.ts
 *    getAllTransitivelyReferencedResourceURNs): after a failure no workload is even registered, so
 *    the running release is untouched.
 * backoffLimit 0: a failed command fails the release; it is not retried by Kubernetes. There is no
 * ttlSecondsAfterFinished: a Job Kubernetes deleted reads as gone on refresh (provider.go Read returns
 * deleteResponse on a 404), so `pulumi preview --refresh` (drift.yml) would plan to create it again
 * and an `up --refresh` would re-run the command on an unchanged release. The one Job per app is
 * replaced, the previous one deleted, by the next release instead. `replaceUnready` makes the next
 * `pulumi up` run a failed command again instead of re-reading the failure (provider.go Diff).
 *
 * The name is the digest of the pod template (image by digest, ConfigMap and Secret names, command):
 * each code or config release makes a new Job, an unchanged release keeps its finished one. A
 * rollback's name comes back, but only one Pulumi resource ever holds the app's release Job and it
 * replaced that name, so no object of that name is left in the cluster to collide with.
 */
import * as pulumi from "@pulumi/pulumi";
import { Job } from "@pulumi/kubernetes/batch/v1";
import { contentHash } from "../../config/content-hash";
import type { ReleaseCommandConfig } from "../../config/release-command";
import { podTemplate, REVISION_LABEL, type PodTemplateArgs } from "./pod-template";
import type { ReleaseRecord } from "./release-history";
import { DEADLINE_MARGIN_SECONDS, timeouts } from "./workload";

/** Time for the Job's pod to be scheduled, pull its image and start; part of its deadline. */
const STARTUP_SECONDS = 60;

export interface ReleaseCommandArgs extends Omit<PodTemplateArgs, "process" | "settings"> {
  app: string;
  namespace: pulumi.Input<string>;
  release: ReleaseCommandConfig;
  resources: PodTemplateArgs["settings"]["resources"];
}

export interface ReleaseCommandJob {
  job: Job;
  /** The Job's name: changes with every release. */
  name: pulumi.Output<string>;
}

export function createReleaseCommand(args: ReleaseCommandArgs, opts: pulumi.CustomResourceOptions): ReleaseCommandJob {
  const template = podTemplate(
    {
      ...args,
      process: "release",
      settings: { command: args.release.command, resources: args.resources, serves: false },
    },
    REVISION_LABEL.job,
  );
  const spec = { ...template, spec: { ...template.spec, restartPolicy: "Never" } };
  const name = pulumi.output(spec).apply((resolved) => `${args.app}-release-${contentHash(resolved)}`);
  const deadline = args.release.timeoutSeconds + STARTUP_SECONDS;
  const job = new Job(
    `${args.app}-release`,
    {
      metadata: {
        name,
        namespace: args.namespace,
        labels: args.labels,
        annotations: { "pulumi.com/replaceUnready": "true" },
      },
      spec: { backoffLimit: 0, activeDeadlineSeconds: deadline, template: spec },
    },
    // Kubernetes fails the Job (activeDeadlineSeconds) a minute before Pulumi stops waiting.
    { ...opts, customTimeouts: timeouts(deadline + DEADLINE_MARGIN_SECONDS) },
  );
  return { job, name };
}

/** The history to export, its newest record naming the Job that ran for it. */
export function withReleaseCommand(
  history: pulumi.Output<ReleaseRecord[]>,
  name: pulumi.Output<string>,
): pulumi.Output<ReleaseRecord[]> {
  return pulumi
    .all([history, name])
    .apply(([[current, ...earlier], releaseCommand]) => [{ ...current, releaseCommand }, ...earlier]);
}
