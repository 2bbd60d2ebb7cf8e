/**
 * Which pinned release's CRDs define each custom resource group: the folder of
 * ../shared/upstream/crds/ is named from the pin that installs those CRDs, so bumping a pin without
 * the new release's CRDs placed fails (test/crd-bundles.test.ts) instead of validating against old ones.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { CERT_MANAGER_CHART } from "../../../components/platform/services/cert-manager";
import { EXTERNAL_SECRETS_CHART } from "../../../components/platform/services/external-secrets";
import { KARPENTER_CRDS_CHART } from "../../../components/platform/services/karpenter";
import { MONITORING_CHART } from "../../../components/platform/services/monitoring";
import { ROLLOUTS_CHART } from "../../../components/platform/services/rollouts";
import { GATEWAY_API_CRDS_CHART } from "../../../components/platform/services/router";
import type { ChartPin } from "../../../components/platform/charts";

/** The checkout's root, whether this file runs from the sources or from a build under .build/. */
export function repositoryRoot(dir = __dirname): string {
  return existsSync(join(dir, "package.json")) || dirname(dir) === dir ? dir : repositoryRoot(dirname(dir));
}

/** ../shared/upstream/crds/ beside the checkout, as CI has it. */
export const UPSTREAM_CRDS = join(repositoryRoot(), "..", "shared", "upstream", "crds");

export interface CrdBundle {
  /** The folder under ../shared/upstream/crds/ holding this release's CRD files. */
  folder: string;
  /** The API groups whose CRDs the folder holds. */
  groups: string[];
  /** The chart pin that installs these CRDs. */
  pin: ChartPin;
}

/**
 * traefik-crds does not name the Gateway API release it ships: 1.12.0 applies the v1.4.0
 * standard-channel install (traefik/traefik-helm-chart crds_v1.12.0
 * traefik-crds/crds-files/gatewayAPI/gateway-standard-install.yaml, bundle-version v1.4.0). Keyed by
 * the chart version, so a bump of the CRDs chart without re-reading it fails the type-check.
 */
const GATEWAY_API_BY_CRDS_CHART = { "1.12.0": "v1.4.0" } as const satisfies Record<
  typeof GATEWAY_API_CRDS_CHART.version,
  string
>;

export const CRD_BUNDLES: CrdBundle[] = [
  {
    folder: `gateway-api-${GATEWAY_API_BY_CRDS_CHART[GATEWAY_API_CRDS_CHART.version]}`,
    groups: ["gateway.networking.k8s.io"],
    pin: GATEWAY_API_CRDS_CHART,
  },
  // The argo-rollouts chart installs the CRDs (values.yaml `installCRDs: true`) of the controller release
  // it ships, its appVersion: argoproj/argo-rollouts manifests/crds/ at that tag.
  { folder: `argo-rollouts-${ROLLOUTS_CHART.appVersion}`, groups: ["argoproj.io"], pin: ROLLOUTS_CHART },
  {
    folder: `cert-manager-${CERT_MANAGER_CHART.version}`,
    groups: ["cert-manager.io", "acme.cert-manager.io"],
    pin: CERT_MANAGER_CHART,
  },
  {
    folder: `karpenter-${KARPENTER_CRDS_CHART.version}`,
    groups: ["karpenter.sh", "karpenter.k8s.aws"],
    pin: KARPENTER_CRDS_CHART,
  },
  // kube-prometheus-stack ships the prometheus-operator CRDs in its crds subchart.
  {
    folder: `prometheus-operator-kps-${MONITORING_CHART.version}`,
    groups: ["monitoring.coreos.com"],
    pin: MONITORING_CHART,
  },
  {
    folder: `external-secrets-${EXTERNAL_SECRETS_CHART.version}`,
    groups: ["external-secrets.io"],
    pin: EXTERNAL_SECRETS_CHART,
  },
];

/** The bundle whose CRDs define an API group; undefined for core and other non-CRD groups. */
export function bundleOf(group: string): CrdBundle | undefined {
  return CRD_BUNDLES.find((bundle) => bundle.groups.includes(group));
}
