/**
 * What Slipway sets in each chart's values that `slipway:platform.<service>.values` may not change:
 * guard-rails (what makes a chart's workloads pass the policy pack, and binds a service's IRSA role to
 * its service account) and values Slipway derives from a typed setting or relies on elsewhere.
 *
 * Each service's rails are in its config half (config/services/<key>.ts, `chart.rails`); the registry
 * (config/services/index.ts) collects them as CHART_RAILS. Two readers hold to them, so they cannot
 * drift apart: the install helper (components/platform/common.ts) refuses to install a chart whose
 * values leave one of these paths unset, and the config check refuses extra values that overlap one.
 * Paths are the chart value paths each component cites from the chart's values.yaml at the pinned
 * version (docs/platform-charts.md).
 */

export type RailKind =
  | "resources"
  | "container"
  | "rootReader"
  | "pod"
  | "seccomp"
  | "strategy"
  | "replicas"
  | "budget"
  | "spread"
  | "leaderElection"
  | "serviceAccount"
  | "keepCrds"
  | "image"
  | "managed";

/** What each kind of guard-rail holds, as a refusal explains it. */
export const GUARD_RAILS: Record<Exclude<RailKind, "managed">, string> = {
  resources: "CPU and memory requests and limits (k8s-resources-set)",
  container:
    "the restricted container context: non-root, no privilege escalation, no capabilities, read-only root, seccomp",
  rootReader:
    "the restricted container context less runAsNonRoot (its k8s-run-as-non-root exemption covers exactly this)",
  pod: "the pod context with which the kubelet refuses root and applies the runtime's seccomp profile",
  seccomp: "the pod context that applies the runtime's seccomp profile (the pod runs as root under its exemption)",
  strategy: "a rolling update that adds a pod before removing one (k8s-zero-downtime-rollout)",
  replicas: "the replica count (prod-high-availability)",
  budget: "the PodDisruptionBudget that goes with the replica count (prod-high-availability)",
  spread: "the zone spread of the replicas",
  leaderElection: "leader election, on whenever more than one replica runs",
  serviceAccount: "the service account its IRSA role trusts, and the role's annotation",
  keepCrds: "CRDs kept when the chart is uninstalled (deleting them deletes every object of their kinds)",
  // Where a component pins its image by digest (its `<KEY>_IMAGES`, components/platform/services/<key>.ts); the hardening
  // test fails when a component pins an image at a path this table does not list.
  image: "the image pinned by tag and digest (k8s-image-pinned)",
};

export interface Rail {
  kind: RailKind;
  /** The typed setting, under `slipway:platform.`, the value follows. */
  typed?: string;
  /** For a managed value: what relies on it. */
  why?: string;
}

export interface ChartRails {
  /** The Helm install's (and release's) name. */
  install: string;
  /** Where the values are set. */
  source: string;
  /** Chart value path (dotted) → what Slipway keeps there. */
  rails: Record<string, Rail>;
}

export const rail = (kind: RailKind, typed?: string): Rail => ({ kind, typed });
export const managed = (why: string, typed?: string): Rail => ({ kind: "managed", why, typed });

/** The service account an IRSA role trusts, and the annotation that names the role. */
export function irsa(at = "serviceAccount"): Record<string, Rail> {
  return { [`${at}.name`]: rail("serviceAccount"), [`${at}.annotations`]: rail("serviceAccount") };
}

export const MONITORS = "the platform's ServiceMonitors exist only when Prometheus Operator does";
