/**
 * How the platform pins an upstream Helm chart: an exact version and repository. Each service's
 * install half (components/platform/services/<key>.ts) pins its charts with this; nothing floats.
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
