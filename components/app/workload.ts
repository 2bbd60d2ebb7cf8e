/**
 * One Deployment per process type, with the HorizontalPodAutoscaler and PodDisruptionBudget that keep
 * it available. Rollouts are zero-downtime (no pod removed before its replacement is ready) and
 * `pulumi up` waits for them: Kubernetes gives up (progressDeadlineSeconds) a minute before Pulumi does.
 */
import * as pulumi from "@pulumi/pulumi";
import { Deployment } from "@pulumi/kubernetes/apps/v1";
import { HorizontalPodAutoscaler } from "@pulumi/kubernetes/autoscaling/v2";
import { PodDisruptionBudget } from "@pulumi/kubernetes/policy/v1";
import type { ProcessSettings } from "../../stacks/config";
import { podTemplate, type PodTemplateArgs } from "./pod-template";

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

/** A PDB only protects something when two or more pods can run. */
export function needsDisruptionBudget(settings: ProcessSettings): boolean {
  return (settings.autoscale?.min ?? settings.replicas ?? 1) >= 2;
}

export function createWorkload(args: WorkloadArgs, opts: pulumi.CustomResourceOptions): Deployment {
  const name = workloadName(args.app, args.process);
  const metadata = { name, namespace: args.namespace, labels: args.labels };
  const timeout = `${args.rolloutTimeoutSeconds}s`;
  const deployment = new Deployment(name, {
    metadata,
    spec: {
      // With an autoscaler the replica count is its to set; pinning it here would fight it on every `up`.
      replicas: args.settings.replicas,
      selector: { matchLabels: args.selector },
      revisionHistoryLimit: args.revisionHistoryLimit,
      progressDeadlineSeconds: args.rolloutTimeoutSeconds - DEADLINE_MARGIN_SECONDS,
      minReadySeconds: 5,
      strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: "25%" } },
      template: podTemplate(args),
    },
  }, { ...opts, customTimeouts: { create: timeout, update: timeout } });

  const { autoscale } = args.settings;
  if (autoscale) {
    new HorizontalPodAutoscaler(name, {
      metadata,
      spec: {
        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name },
        minReplicas: autoscale.min,
        maxReplicas: autoscale.max,
        metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: autoscale.cpuPercent } } }],
      },
    }, { ...opts, dependsOn: [deployment] });
  }
  if (needsDisruptionBudget(args.settings)) {
    new PodDisruptionBudget(name, {
      metadata,
      spec: { maxUnavailable: 1, selector: { matchLabels: args.selector } },
    }, opts);
  }
  return deployment;
}
