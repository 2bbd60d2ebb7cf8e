/**
 * The few platform workloads whose job cannot be done within a pod policy, each exempt from exactly the
 * named policy, matched on namespace, kind and name together so a look-alike elsewhere is still checked.
 * docs/platform-charts.md lists them with the rest of each chart's settings.
 *
 * The same table names the cluster's exceptions: a platform namespace whose Pod Security Admission
 * `enforce` level is below `restricted` (policy `pod-security-<level>`, kind Namespace), and the images
 * Slipway's own checks run in tenant namespaces from registries the platform does not list (policy
 * `tenant-image-source`, kind Image), which the platform's ValidatingAdmissionPolicies admit by exact
 * reference, digest included, and in prod only by digest (components/platform/admission/).
 */
import type { Props } from "./workloads";

export interface Exemption {
  policy: string;
  namespace: string;
  kind: string;
  name: string;
  reason: string;
}

export const EXEMPTIONS: readonly Exemption[] = [
  {
    policy: "k8s-no-host-access",
    namespace: "slipway-logging",
    kind: "DaemonSet",
    name: "fluent-bit",
    reason:
      "Fluent Bit tails every container's log files on the node: it mounts /var/log, /var/lib/docker/containers and /etc/machine-id as hostPath volumes (fluent/helm-charts fluent-bit-0.48.0, charts/fluent-bit/values.yaml daemonSetVolumes).",
  },
  {
    policy: "k8s-run-as-non-root",
    namespace: "slipway-logging",
    kind: "DaemonSet",
    name: "fluent-bit",
    reason:
      "The node's container log files are owned by root and readable by root only, so the log collector runs as root (it stays unprivileged, with no escalation, no capabilities and a read-only root filesystem).",
  },
  {
    policy: "prod-high-availability",
    namespace: "slipway-external-dns",
    kind: "Deployment",
    name: "external-dns",
    reason:
      "external-dns is not leader-elected: two replicas would both write the same Route 53 records. The chart renders `replicas: 1` with no value to change it (kubernetes-sigs/external-dns external-dns-helm-chart-1.19.0, charts/external-dns/templates/deployment.yaml); a missed sync is retried on the next interval.",
  },
  {
    policy: "k8s-zero-downtime-rollout",
    namespace: "slipway-external-dns",
    kind: "Deployment",
    name: "external-dns",
    reason:
      "The chart's Recreate strategy (values.yaml deploymentStrategy) keeps the single writer single during an upgrade; it serves no traffic, so stopping it first drops no requests.",
  },
  {
    policy: "k8s-zero-downtime-rollout",
    namespace: "slipway-karpenter",
    kind: "Deployment",
    name: "karpenter",
    reason:
      "The chart requires one Karpenter pod per node (aws/karpenter-provider-aws v1.8.1, charts/karpenter/values.yaml affinity and topologySpreadConstraints), so with maxUnavailable 0 a rollout on a two-node system group waits forever for room to surge; the chart's maxUnavailable 1 keeps the leader-elected controller running on the other replica and Karpenter serves no traffic.",
  },
  {
    policy: "pod-security-privileged",
    namespace: "slipway-logging",
    kind: "Namespace",
    name: "slipway-logging",
    reason:
      "Fluent Bit's DaemonSet mounts the node's log directories as hostPath volumes (fluent/helm-charts fluent-bit-0.48.0, charts/fluent-bit/values.yaml:458-466 daemonSetVolumes), which the baseline standard forbids.",
  },
  {
    policy: "pod-security-privileged",
    namespace: "slipway-monitoring",
    kind: "Namespace",
    name: "slipway-monitoring",
    reason:
      "kube-prometheus-stack runs the node exporter by default (prometheus-community/helm-charts kube-prometheus-stack-78.3.2, charts/kube-prometheus-stack/values.yaml:2532 nodeExporter.enabled) in the release's namespace (its namespaceOverride is empty), and the node exporter shares the node's network and PID namespaces and mounts its root filesystem (prometheus-community/helm-charts prometheus-node-exporter-4.48.0, charts/prometheus-node-exporter/values.yaml:380 hostNetwork, :383 hostPID, :389 hostRootFsMount), which the baseline standard forbids.",
  },
  {
    policy: "tenant-image-source",
    namespace: "*",
    kind: "Image",
    name: "quay.io/argoproj/kubectl-argo-rollouts",
    reason:
      "The rollout check's Job (components/app/rollout-check.ts) runs the Argo Rollouts CLI at the controller's version, from the project's own registry; the platform looks its tag up at preview and admits only that exact reference, by digest (components/platform/check-images.ts).",
  },
  {
    policy: "tenant-image-source",
    namespace: "*",
    kind: "Image",
    name: "curlimages/curl",
    reason:
      "The smoke check runs curl's own image (components/app/smoke-check.ts) from Docker Hub; the platform looks its tag up at preview and admits only that exact reference, by digest (components/platform/check-images.ts).",
  },
];

/** The Pod Security Standards levels, most permissive first (kubernetes/pod-security-admission api). */
export type PodSecurityLevel = "privileged" | "baseline" | "restricted";

/** The cluster's rules the table names exceptions to, beside the pack's policies. */
export const CLUSTER_RULES = ["pod-security-privileged", "pod-security-baseline", "tenant-image-source"];

/** The level a namespace enforces: `restricted` unless the table names an exception for it. */
export function podSecurityLevel(namespace: string): PodSecurityLevel {
  const exception = EXEMPTIONS.find(
    (e) => e.kind === "Namespace" && e.name === namespace && e.policy.startsWith("pod-security-"),
  );
  return exception ? (exception.policy.slice("pod-security-".length) as PodSecurityLevel) : "restricted";
}

/** The image repositories Slipway's checks run from registries the platform does not list, as Slipway writes them. */
export function checkImageRepositories(): string[] {
  return EXEMPTIONS.filter((e) => e.policy === "tenant-image-source").map((e) => e.name);
}

/** The exemption that lets this object skip `policy`, if any. */
export function exemptionFor(policy: string, props: Props): Exemption | undefined {
  const kind: unknown = props.kind;
  const namespace: unknown = props.metadata?.namespace;
  const name: unknown = props.metadata?.name;
  return EXEMPTIONS.find((e) => e.policy === policy && e.kind === kind && e.namespace === namespace && e.name === name);
}
