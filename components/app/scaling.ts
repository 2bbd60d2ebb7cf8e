/**
 * The HorizontalPodAutoscaler and PodDisruptionBudget that keep a process available. Both work the
 * same for a Deployment and an Argo Rollout: the autoscaler drives the workload's `/scale`
 * subresource, and the budget selects the process's pods whichever revision they belong to.
 */
import type * as pulumi from "@pulumi/pulumi";
import { HorizontalPodAutoscaler } from "@pulumi/kubernetes/autoscaling/v2";
import { PodDisruptionBudget } from "@pulumi/kubernetes/policy/v1";
import type { ProcessSettings } from "../../config/types";
import { after } from "./options";

interface ScaleTarget {
  apiVersion: string;
  kind: string;
  name: string;
}

export interface ScalingArgs {
  target: ScaleTarget;
  metadata: { name: string; namespace: pulumi.Input<string>; labels: Record<string, string> };
  settings: ProcessSettings;
  /** Never a revision label: the budget must cover stable and canary pods alike. */
  selector: Record<string, string>;
}

/** A PDB only protects something when two or more pods can run. */
function needsDisruptionBudget(settings: ProcessSettings): boolean {
  return (settings.autoscale?.min ?? settings.replicas ?? 1) >= 2;
}

/**
 * The replica count a new workload starts with. With an autoscaler it starts at the minimum (never
 * at Kubernetes' default of 1, which would leave a just-switched app on one pod) and is then the
 * autoscaler's: callers ignore later changes to it.
 */
export function initialReplicas(settings: ProcessSettings): number | undefined {
  return settings.replicas ?? settings.autoscale?.min;
}

export function createScaling(args: ScalingArgs, workload: pulumi.Resource, opts: pulumi.CustomResourceOptions): void {
  const { autoscale } = args.settings;
  if (autoscale) {
    new HorizontalPodAutoscaler(
      args.target.name,
      {
        metadata: args.metadata,
        spec: {
          scaleTargetRef: args.target,
          minReplicas: autoscale.min,
          maxReplicas: autoscale.max,
          metrics: [
            {
              type: "Resource",
              resource: { name: "cpu", target: { type: "Utilization", averageUtilization: autoscale.cpuPercent } },
            },
          ],
        },
      },
      after(opts, workload),
    );
  }
  if (needsDisruptionBudget(args.settings)) {
    // maxUnavailable works for Rollouts too: their pods belong to ReplicaSets (argo-rollouts#2419).
    new PodDisruptionBudget(
      args.target.name,
      {
        metadata: args.metadata,
        spec: { maxUnavailable: 1, selector: { matchLabels: args.selector } },
      },
      opts,
    );
  }
}
