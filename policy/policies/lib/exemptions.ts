/**
 * The few platform workloads whose job cannot be done within a pod policy, each exempt from exactly the
 * named policy, matched on namespace, kind and name together so a look-alike elsewhere is still checked.
 * docs/platform-charts.md lists them with the rest of each chart's settings.
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
];

/** The exemption that lets this object skip `policy`, if any. */
export function exemptionFor(policy: string, props: Props): Exemption | undefined {
  const kind: unknown = props.kind;
  const namespace: unknown = props.metadata?.namespace;
  const name: unknown = props.metadata?.name;
  return EXEMPTIONS.find((e) => e.policy === policy && e.kind === kind && e.namespace === namespace && e.name === name);
}
