/**
 * How the platform pins an upstream Helm chart: an exact version and repository, and the package's
 * digest. Each service's install half (components/platform/services/<key>.ts) pins its charts with
 * this; nothing floats.
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
  /**
   * Chart value paths (`*` is any one key) that take keys the chart's values.yaml does not list, each
   * with why: below them only the chart's values.schema.json, where it has one, checks what is given
   * (stacks/chart-contracts/contract-problems.ts). Every other key must be one the chart defines.
   */
  freeForm?: Readonly<Record<string, string>>;
  /** The package's sha256, or why there is none (ChartDigest). */
  packageDigest: ChartDigest;
}

/**
 * The sha256 of a pinned chart package (.tgz), as its chart repository's index publishes it
 * (`<repo>/index.yaml`, the chart version's `digest:`), so `npm run charts -- pull` can refuse a package
 * that is not the one the pin means. Each is cited beside it by repository URL and chart version; where
 * the index is published from a git branch, the commit of that branch the index was read at is named as
 * the index revision. It names the version it is for: a pin bumped without its digest being revisited
 * fails test/chart-cache.test.ts. Where the digest could not be checked against what the chart
 * repository publishes, it says why, and pull refuses the chart unless a digest is given on its
 * command line.
 */
type ChartDigest = { version: string } & ({ sha256: string } | { unverified: string });

/**
 * Why a chart path is free-form, by kind: each is a Kubernetes object or an open map that values.yaml
 * defaults empty (or shows only some fields of), so its keys are the object's, not the chart's.
 */
export const FREE_FORM = {
  resources: "a container's ResourceRequirements (requests, limits); values.yaml defaults it to {}",
  podContext: "a Kubernetes PodSecurityContext; values.yaml shows only some of its fields",
  containerContext: "a Kubernetes container SecurityContext; values.yaml shows only some of its fields",
  strategy: "a Deployment or DaemonSet update strategy (type, rollingUpdate); values.yaml shows only some of it",
  budget: "a PodDisruptionBudget's minAvailable or maxUnavailable; values.yaml shows one or neither",
  annotations: "a map of annotations: any key is an annotation",
  labels: "a map of labels: any key is a label",
  nodeSelector: "a map of node labels a pod must match: any key is a label",
  declaredInSchema: "declared in the chart's values.schema.json and commented out in values.yaml",
} as const;

/**
 * The Argo Rollouts traffic-router plugin for Gateway API, pinned to a release binary and its sha256.
 * The controller downloads `location` when it starts and refuses a file whose sha256 differs from the
 * entry's (argoproj/argo-rollouts v1.9.0: the `sha256` key, utils/plugin/types/types.go L131-132; the
 * check, utils/plugin/downloader.go L161-168). The release publishes no checksum file: its workflow
 * (argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi v0.15.0, .github/workflows/release.yaml, and
 * unchanged at commit 96c63fd after it) uploads the `make release` binaries (Makefile `release`) as
 * assets named `gatewayapi-plugin-<os>-<arch>`, hence `location`, and no file of the repository states
 * a binary's sha256. The v0.17.0 tag itself has not been checked: the pin is unverified, and says so.
 */
const GATEWAY_API_PLUGIN_VERSION = "v0.17.0";
/**
 * The sha256 of each pinned release's binary, per architecture, from a public source cited beside it.
 * A version without a row fails the type-check, so a bump cannot ship without its checksum.
 */
const GATEWAY_API_PLUGIN_SHA256 = {
  // linux-amd64: unconfirmed. No upstream source states it (the release has no checksum file); it is
  // the sha256 third-party documentation states for the 77,762,829-byte v0.17.0 asset. Confirm with
  // `curl -sL <location> | sha256sum` before a bump is merged.
  "v0.17.0": { amd64: "1904ca787d33107c140521899d61fff030ee75d99908bd175fca5a4647759061" },
} as const;
type PluginArch = keyof (typeof GATEWAY_API_PLUGIN_SHA256)[typeof GATEWAY_API_PLUGIN_VERSION];

export const GATEWAY_API_PLUGIN = {
  name: "argoproj-labs/gatewayAPI",
  version: GATEWAY_API_PLUGIN_VERSION,
  /** Said by every render that runs the built-in pin (tools/harness/unseen.ts), until it is confirmed. */
  unverified:
    "release and sha256 not checked against the plugin's own repository (the release publishes no checksum; " +
    "the sha256 is the one third-party documentation states): set slipway:platform.rollouts.trafficRouterPlugin " +
    "to a url and sha256 you have checked",
  location: (arch: PluginArch) =>
    `https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/${GATEWAY_API_PLUGIN_VERSION}/gatewayapi-plugin-linux-${arch}`,
  sha256: (arch: PluginArch) => GATEWAY_API_PLUGIN_SHA256[GATEWAY_API_PLUGIN_VERSION][arch],
} as const;
