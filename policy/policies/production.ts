/**
 * Production-only guard-rails (enabled by policy/config/prod.json, disabled in dev): enough pods to
 * survive a node drain or a rollout, and stateful cloud resources that `pulumi destroy` cannot delete.
 */
import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { Bucket } from "@pulumi/aws/s3/bucket";
import { BucketV2 } from "@pulumi/aws/s3/bucketV2";
import { Repository } from "@pulumi/aws/ecr/repository";
import { Cluster as EksCluster } from "@pulumi/aws/eks/cluster";
import { Key } from "@pulumi/aws/kms/key";
import { Instance as DbInstance } from "@pulumi/aws/rds/instance";
import { Cluster as DbCluster } from "@pulumi/aws/rds/cluster";
import { Table } from "@pulumi/aws/dynamodb/table";
import { FileSystem } from "@pulumi/aws/efs/fileSystem";
import { Deployment, StatefulSet } from "@pulumi/kubernetes/apps/v1";
import { HorizontalPodAutoscaler as HpaV1 } from "@pulumi/kubernetes/autoscaling/v1";
import { HorizontalPodAutoscaler as HpaV2 } from "@pulumi/kubernetes/autoscaling/v2";
import { PodDisruptionBudget } from "@pulumi/kubernetes/policy/v1";
import { exemptionFor } from "./lib/exemptions";
import type { ResourceClass } from "./lib/related";
import { ROLLOUT_TYPE } from "./lib/workloads";

const MIN_PROD_REPLICAS = 2;

const namespaceOf = (r: PolicyResource): string => r.props.metadata?.namespace ?? "default";

/** Resources by namespace: each workload is compared with its own namespace's, not the whole stack's. */
function byNamespace(resources: PolicyResource[]): (namespace: string) => PolicyResource[] {
  const grouped = new Map<string, PolicyResource[]>();
  for (const r of resources) {
    const namespace = namespaceOf(r);
    const list = grouped.get(namespace);
    if (list) list.push(r);
    else grouped.set(namespace, [r]);
  }
  return (namespace) => grouped.get(namespace) ?? [];
}

function selects(pdb: PolicyResource, labels: Record<string, string>): boolean {
  const matchLabels: Record<string, string> = pdb.props.spec?.selector?.matchLabels ?? {};
  const keys = Object.keys(matchLabels);
  return keys.length > 0 && keys.every((key) => labels[key] === matchLabels[key]);
}

const HIGH_AVAILABILITY = "prod-high-availability";

const highAvailability: StackValidationPolicy = {
  name: HIGH_AVAILABILITY,
  description:
    "In prod, every Deployment, StatefulSet and Rollout runs at least 2 replicas (or an HPA with min ≥ 2) and has a PodDisruptionBudget.",
  remediationSteps:
    "Set replicas ≥ 2 or autoscale.min ≥ 2 for the app; the App component then adds a PodDisruptionBudget.",
  configSchema: { properties: { minReplicas: { type: "integer", minimum: 2, default: MIN_PROD_REPLICAS } } },
  validateStack: (args, reportViolation) => {
    const minimum = args.getConfig<{ minReplicas?: number }>().minReplicas ?? MIN_PROD_REPLICAS;
    const autoscalers = byNamespace(args.resources.filter((r) => r.isType(HpaV2) || r.isType(HpaV1)));
    const budgets = byNamespace(args.resources.filter((r) => r.isType(PodDisruptionBudget)));
    const rollouts = args.resources.filter((r) => r.type === ROLLOUT_TYPE);
    const rolloutsIn = byNamespace(rollouts);
    // A Deployment that a Rollout borrows its template from (workloadRef) runs no pods of its own.
    const borrowed = (d: PolicyResource) =>
      rolloutsIn(namespaceOf(d)).some(
        (r) =>
          r.props.spec?.workloadRef?.kind === "Deployment" &&
          r.props.spec?.workloadRef?.name === d.props.metadata?.name,
      );
    const workloads = [
      ...args.resources.filter((r) => (r.isType(Deployment) && !borrowed(r)) || r.isType(StatefulSet)),
      ...rollouts,
    ].filter((w) => !exemptionFor(HIGH_AVAILABILITY, w.props));
    for (const workload of workloads) {
      const { kind, metadata, spec } = workload.props;
      const namespace = namespaceOf(workload);
      const where = `${kind} ${namespace}/${metadata?.name}`;
      const hpa = autoscalers(namespace).find(
        (h) => h.props.spec?.scaleTargetRef?.kind === kind && h.props.spec?.scaleTargetRef?.name === metadata?.name,
      );
      // An HPA owns the replica count; without one Kubernetes defaults to 1.
      const replicas: number = hpa ? (hpa.props.spec?.minReplicas ?? 1) : (spec?.replicas ?? 1);
      if (replicas < minimum) {
        reportViolation(
          `${where}: ${hpa ? "HPA minReplicas" : "replicas"} is ${replicas}, expected ≥ ${minimum}`,
          workload.urn,
        );
      }
      const labels = spec?.template?.metadata?.labels ?? spec?.selector?.matchLabels ?? {};
      if (!budgets(namespace).some((pdb) => selects(pdb, labels))) {
        reportViolation(`${where}: no PodDisruptionBudget selects its pods`, workload.urn);
      }
    }
  },
};

/** Resources whose deletion loses data or takes the platform down. */
const STATEFUL: ResourceClass[] = [
  Bucket,
  BucketV2,
  Repository,
  Key,
  EksCluster,
  DbInstance,
  DbCluster,
  Table,
  FileSystem,
];

const statefulProtected: ResourceValidationPolicy = {
  name: "prod-stateful-protected",
  description:
    "In prod, stateful resources (buckets, registries, keys, clusters, databases, file systems) are protected from deletion.",
  remediationSteps:
    "Create the resource with { protect: true } in prod (and retainOnDelete for buckets and repositories).",
  validateResource: (args, reportViolation) => {
    if (!STATEFUL.some((cls) => args.isType(cls))) return;
    if (!args.opts.protect) reportViolation(`${args.type} ${args.name}: not protected (protect: true)`);
  },
};

export const productionPolicies: Array<ResourceValidationPolicy | StackValidationPolicy> = [
  highAvailability,
  statefulProtected,
];
