/**
 * One Deployment per process type, with the autoscaler and disruption budget that keep it available.
 * Rollouts are zero-downtime (no pod removed before its replacement is ready) and `pulumi up` waits
 * for them: Kubernetes gives up (progressDeadlineSeconds) a minute before Pulumi does.
 */
import * as pulumi from "@pulumi/pulumi";
import { Deployment } from "@pulumi/kubernetes/apps/v1";
import { podTemplate, REVISION_LABEL, type PodTemplateArgs } from "./pod-template";
import { createScaling, initialReplicas } from "./scaling";

export interface WorkloadArgs extends PodTemplateArgs {
  app: string;
  namespace: pulumi.Input<string>;
  revisionHistoryLimit: number;
  rolloutTimeoutSeconds: number;
}

/** Kubernetes marks a stuck rollout failed this long before `pulumi up` stops waiting. */
export const DEADLINE_MARGIN_SECONDS = 60;

export function workloadName(app: string, process: string): string {
  return `${app}-${process}`;
}

/** Pulumi's timeout for a workload it awaits, in its resource-option form. */
export function timeouts(seconds: number): pulumi.CustomTimeouts {
  return { create: `${seconds}s`, update: `${seconds}s` };
}

export function createWorkload(args: WorkloadArgs, opts: pulumi.CustomResourceOptions): Deployment {
  const name = workloadName(args.app, args.process);
  const metadata = { name, namespace: args.namespace, labels: args.labels };
  const autoscaled = args.settings.autoscale !== undefined;
  const deployment = new Deployment(
    name,
    {
      metadata,
      spec: {
        replicas: initialReplicas(args.settings),
        selector: { matchLabels: args.selector },
        revisionHistoryLimit: args.revisionHistoryLimit,
        progressDeadlineSeconds: args.rolloutTimeoutSeconds - DEADLINE_MARGIN_SECONDS,
        minReadySeconds: 5,
        strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: "25%" } },
        template: podTemplate(args, REVISION_LABEL.deployment),
      },
    },
    {
      ...opts,
      customTimeouts: timeouts(args.rolloutTimeoutSeconds),
      // With an autoscaler the replica count is its to set; re-applying ours would fight it on every `up`.
      ignoreChanges: autoscaled ? ["spec.replicas"] : [],
    },
  );
  createScaling(
    {
      target: { apiVersion: "apps/v1", kind: "Deployment", name },
      metadata,
      settings: args.settings,
      selector: args.selector,
    },
    deployment,
    opts,
  );
  return deployment;
}
