/**
 * Every upstream Helm chart the platform installs, pinned to an exact version and repository. Bumping
 * a chart is a reviewed one-line change here; nothing floats.
 */
export interface ChartPin {
  chart: string;
  version: string;
  /** A Helm repository URL, or empty when `chart` is an OCI reference. */
  repo: string;
  /**
   * The app version the chart ships (its Chart.yaml `appVersion`), recorded where Slipway's code
   * depends on that app's behaviour, so a bump shows what must be re-checked.
   */
  appVersion?: string;
}

export const CHARTS = {
  /** Gateway API standard-channel CRDs (v1.4.0) as templates, so Helm upgrades them with the chart. */
  gatewayApiCrds: { chart: "traefik-crds", version: "1.12.0", repo: "https://traefik.github.io/charts" },
  // traefik/traefik-helm-chart v37.3.0, traefik/Chart.yaml. The backend naming in router-metrics.ts is
  // keyed by this appVersion.
  traefik: { chart: "traefik", version: "37.3.0", repo: "https://traefik.github.io/charts", appVersion: "v3.6.0" },
  certManager: { chart: "cert-manager", version: "v1.19.3", repo: "https://charts.jetstack.io" },
  externalDns: { chart: "external-dns", version: "1.19.0", repo: "https://kubernetes-sigs.github.io/external-dns/" },
  metricsServer: {
    chart: "metrics-server",
    version: "3.13.0",
    repo: "https://kubernetes-sigs.github.io/metrics-server/",
  },
  kubePrometheusStack: {
    chart: "kube-prometheus-stack",
    version: "78.3.2",
    repo: "https://prometheus-community.github.io/helm-charts",
  },
  fluentBit: { chart: "fluent-bit", version: "0.48.0", repo: "https://fluent.github.io/helm-charts" },
  // argoproj/argo-helm argo-rollouts-2.41.0, charts/argo-rollouts/Chart.yaml. The release check's CLI
  // image (components/app/rollout-check.ts) runs this appVersion, as the controller does.
  argoRollouts: {
    chart: "argo-rollouts",
    version: "2.41.0",
    repo: "https://argoproj.github.io/argo-helm",
    appVersion: "v1.9.0",
  },
  karpenterCrds: { chart: "oci://public.ecr.aws/karpenter/karpenter-crd", version: "1.8.1", repo: "" },
  karpenter: { chart: "oci://public.ecr.aws/karpenter/karpenter", version: "1.8.1", repo: "" },
  clusterAutoscaler: {
    chart: "cluster-autoscaler",
    version: "9.50.1",
    repo: "https://kubernetes.github.io/autoscaler",
  },
  externalSecrets: { chart: "external-secrets", version: "0.20.4", repo: "https://charts.external-secrets.io" },
  awsLoadBalancerController: {
    chart: "aws-load-balancer-controller",
    version: "1.14.0",
    repo: "https://aws.github.io/eks-charts",
  },
} as const satisfies Record<string, ChartPin>;

/**
 * The Argo Rollouts traffic-router plugin for Gateway API, pinned to a release binary and its sha256.
 * The controller downloads `location` when it starts and refuses a file whose sha256 differs from the
 * entry's (argoproj/argo-rollouts v1.9.0: the `sha256` key, utils/plugin/types/types.go L131-132; the
 * check, utils/plugin/downloader.go L161-168). The release publishes no checksum file: its workflow
 * (.github/workflows/release.yaml, read at v0.15.0, the newest tag stored offline) uploads the
 * `make release` binaries as assets named `gatewayapi-plugin-<os>-<arch>`, hence `location`.
 */
const GATEWAY_API_PLUGIN_VERSION = "v0.17.0";
/**
 * The sha256 of each pinned release's binary, per architecture, from a public source cited beside it.
 * A version without a row fails the type-check, so a bump cannot ship without its checksum.
 */
const GATEWAY_API_PLUGIN_SHA256 = {
  // linux-amd64, stated next to this exact download URL in Atom-oh/kubernetes-docs,
  // en/gitops/argocd/05-traffic-management.md and ko/gitops/argocd/05-traffic-management.md (the
  // revision "reviewed against Argo Rollouts 1.10.0", updated 2026-09-11; the offline index names no
  // commit for it), and computed from the downloaded binary (77,762,829 bytes) in a public course
  // chapter on Argo Rollouts (code index file 71637408391; the index names no repository).
  "v0.17.0": { amd64: "1904ca787d33107c140521899d61fff030ee75d99908bd175fca5a4647759061" },
} as const;
type PluginArch = keyof (typeof GATEWAY_API_PLUGIN_SHA256)[typeof GATEWAY_API_PLUGIN_VERSION];

export const GATEWAY_API_PLUGIN = {
  name: "argoproj-labs/gatewayAPI",
  version: GATEWAY_API_PLUGIN_VERSION,
  location: (arch: PluginArch) =>
    `https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/${GATEWAY_API_PLUGIN_VERSION}/gatewayapi-plugin-linux-${arch}`,
  sha256: (arch: PluginArch) => GATEWAY_API_PLUGIN_SHA256[GATEWAY_API_PLUGIN_VERSION][arch],
} as const;
