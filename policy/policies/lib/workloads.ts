/**
 * Where the pod spec lives in each kind of Kubernetes workload, and the container views the pod
 * policies share. Works on plain props, as the CLI and the offline evaluator hand them to policies.
 */
import type { ResourceValidationArgs } from "@pulumi/policy";
import { DaemonSet, Deployment, ReplicaSet, StatefulSet } from "@pulumi/kubernetes/apps/v1";
import { CronJob, Job } from "@pulumi/kubernetes/batch/v1";
import { Pod } from "@pulumi/kubernetes/core/v1";
import type { ResourceClass } from "./related";

/** Argo Rollouts have no SDK class: a CustomResource's type token is `kubernetes:<apiVersion>:<kind>`. */
export const ROLLOUT_TYPE = "kubernetes:argoproj.io/v1alpha1:Rollout";

// Loose shapes: policies read what is there and never trust it to be complete.
export type Props = Record<string, any>;

export interface Container {
  name?: string;
  image?: string;
  ports?: unknown[];
  env?: Array<{ name?: string; value?: unknown; valueFrom?: unknown }>;
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
  readinessProbe?: unknown;
  livenessProbe?: unknown;
  securityContext?: Props;
}

export interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
  volumes?: Props[];
  securityContext?: Props;
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
}

const TEMPLATED: ResourceClass[] = [Deployment, StatefulSet, DaemonSet, ReplicaSet, Job];

/** The pod spec of a workload resource, or undefined when the resource runs no pods itself. */
export function podSpecOf(args: Pick<ResourceValidationArgs, "isType" | "type" | "props">): PodSpec | undefined {
  const props = args.props as Props;
  if (args.isType(Pod)) return props.spec;
  if (args.isType(CronJob)) return props.spec?.jobTemplate?.spec?.template?.spec;
  // A Rollout with `workloadRef` borrows a Deployment's template; that Deployment is checked itself.
  if (TEMPLATED.some((cls) => args.isType(cls)) || args.type === ROLLOUT_TYPE) return props.spec?.template?.spec;
  return undefined;
}

/** Argo Rollouts' analysis templates; their Job metrics run pods (provider.job, a JobSpec). */
const ANALYSIS_TEMPLATE_TYPES = [
  "kubernetes:argoproj.io/v1alpha1:AnalysisTemplate",
  "kubernetes:argoproj.io/v1alpha1:ClusterAnalysisTemplate",
];

/** Every pod spec a resource runs: its own, or one per Job metric of an analysis template. */
export function podSpecsOf(args: Pick<ResourceValidationArgs, "isType" | "type" | "props">): PodSpec[] {
  if (ANALYSIS_TEMPLATE_TYPES.includes(args.type)) {
    const metrics = ((args.props as Props).spec?.metrics ?? []) as Props[];
    return metrics.flatMap((m) => (m.provider?.job?.spec?.template?.spec ? [m.provider.job.spec.template.spec] : []));
  }
  const spec = podSpecOf(args);
  return spec ? [spec] : [];
}

/** Regular and init containers, each with where it sits, for messages. */
export function allContainers(spec: PodSpec): Array<{ container: Container; label: string }> {
  return [
    ...(spec.initContainers ?? []).map((container) => ({ container, label: `init container "${container.name}"` })),
    ...(spec.containers ?? []).map((container) => ({ container, label: `container "${container.name}"` })),
  ];
}

/** A container that declares ports takes traffic; workers without ports do not. */
export function isServing(container: Container): boolean {
  return (container.ports ?? []).length > 0;
}

/** `Kind namespace/name` of a Kubernetes object, for messages. */
export function describeObject(args: { type: string; name: string; props: Props }): string {
  const { kind, metadata } = args.props;
  return `${kind ?? args.type} ${metadata?.namespace ?? "default"}/${metadata?.name ?? args.name}`;
}
