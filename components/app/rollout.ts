/**
 * The `web` process as an Argo Rollouts `Rollout` (blue/green or canary), sharing the Deployment's
 * pod template. A stuck step aborts (progressDeadlineAbort), which sends all traffic back to stable.
 *
 * Awaiting: `pulumi.com/waitFor` only waits until the Argo controller has reconciled the Rollout.
 * It cannot judge the release: the condition is a literal match, so "healthy at the current
 * generation" is not expressible (the Rollout's `status.observedGeneration` is a string, the
 * generation a number) and a stale `Healthy` left from the previous release would satisfy it at
 * once; nor can it fail early on `Degraded`. The release check Job (rollout-check.ts) gives the
 * verdict. The timeout still covers every step, as a backstop.
 */
import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { contentHash } from "../../config/content-hash";
import { podTemplate, REVISION_LABEL } from "./pod-template";
import { initialReplicas } from "./scaling";
import { DEADLINE_MARGIN_SECONDS, timeouts, workloadName, type WorkloadArgs } from "./workload";

const WAIT_FOR_CONTROLLER = "jsonpath={.status.observedGeneration}";

export interface RolloutArgs extends WorkloadArgs {
  strategy: Record<string, unknown>;
  /** How long the whole release may take (rollout-budget.ts). */
  budgetSeconds: number;
  /** Annotations beside Pulumi's await (notification subscriptions). */
  annotations?: Record<string, string>;
}

export interface RolloutResult {
  rollout: CustomResource;
  name: string;
  /** Digest of the desired Rollout spec: changes with every release. */
  revision: pulumi.Output<string>;
}

export function createRollout(args: RolloutArgs, opts: pulumi.CustomResourceOptions): RolloutResult {
  const name = workloadName(args.app, args.process);
  const spec = {
    replicas: initialReplicas(args.settings),
    selector: { matchLabels: args.selector },
    revisionHistoryLimit: args.revisionHistoryLimit,
    progressDeadlineSeconds: args.rolloutTimeoutSeconds - DEADLINE_MARGIN_SECONDS,
    progressDeadlineAbort: true,
    minReadySeconds: 5,
    template: podTemplate(args, REVISION_LABEL.rollout),
    strategy: args.strategy,
  };
  const rollout = new CustomResource(
    name,
    {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Rollout",
      metadata: {
        name,
        namespace: args.namespace,
        labels: args.labels,
        annotations: { ...args.annotations, "pulumi.com/waitFor": WAIT_FOR_CONTROLLER },
      },
      spec,
    },
    {
      ...opts,
      customTimeouts: timeouts(args.budgetSeconds),
      // The autoscaler writes the replica count through the Rollout's /scale subresource.
      ignoreChanges: args.settings.autoscale ? ["spec.replicas"] : [],
    },
  );
  return { rollout, name, revision: pulumi.output(spec).apply((resolved) => contentHash(resolved)) };
}
