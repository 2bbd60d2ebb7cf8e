/** Cluster metrics: metrics-server, which every HorizontalPodAutoscaler reads CPU and memory from. */
import * as pulumi from "@pulumi/pulumi";
import type { PlatformConfig } from "../../../config/types";
import { FREE_FORM, type ChartPin } from "../charts";
import { type ServiceImages, THIRD_PARTY_DIGEST_ONLY } from "../image-digests";
import { type Admission, webhookAdmission } from "../namespace-policies";
import {
  createNamespace,
  helmChart,
  podResources,
  RESTRICTED_CONTAINER,
  RESTRICTED_POD,
  SURGE_UPDATE,
  type ServiceArgs,
} from "../common";

export const METRICS_SERVER_CHART = {
  chart: "metrics-server",
  version: "3.13.0",
  repo: "https://kubernetes-sigs.github.io/metrics-server/",
  // https://kubernetes-sigs.github.io/metrics-server/index.yaml, metrics-server 3.13.0 (index revision: kubernetes-sigs/metrics-server gh-pages c6db65fff4d4)
  packageDigest: { version: "3.13.0", sha256: "fb929902e3b7565663cdd1734f31d63735c932be1541a7228b5aeef6d2348a1f" },
  freeForm: {
    resources: FREE_FORM.resources,
    securityContext: FREE_FORM.containerContext,
    podSecurityContext: FREE_FORM.podContext,
    updateStrategy: FREE_FORM.strategy,
    podAnnotations: FREE_FORM.annotations,
    podLabels: FREE_FORM.labels,
  },
} as const satisfies ChartPin;

/** The images its chart runs at the pinned version, and the digest each runs by (image-digests.ts). */
export const METRICS_SERVER_IMAGES = {
  chart: "3.13.0",
  images: {
    // kubernetes-sigs/metrics-server metrics-server-helm-chart-3.13.0, charts/metrics-server/templates/
    // _helpers.tpl L70-72 prints `<repository>:<tag>`. No digest: only third-party pins state one, so it
    // is looked up in registry.k8s.io at preview.
    metricsServer: {
      image: "registry.k8s.io/metrics-server/metrics-server",
      tag: "v0.8.0",
      key: "image.tag",
      form: "tag@digest",
      unresolved: THIRD_PARTY_DIGEST_ONLY,
    },
  },
} as const satisfies ServiceImages;

/** Who may call its namespace, on which ports (namespace-policies.ts). */
// kubernetes-sigs/metrics-server metrics-server-helm-chart-3.13.0 charts/metrics-server/values.yaml
export const METRICS_SERVER_INGRESS: readonly Admission[] = [
  webhookAdmission(10250, "containerPort", "the metrics API, aggregated by the API server"),
];

export interface MetricsServerArgs extends ServiceArgs {
  config: PlatformConfig["metricsServer"];
}

const NAMESPACE = "slipway-metrics-server";

// Keys checked in kubernetes-sigs/metrics-server metrics-server-helm-chart-3.13.0,
// charts/metrics-server/values.yaml: replicas, podDisruptionBudget, updateStrategy, resources,
// podSecurityContext, securityContext (whose default keeps runAsUser 1000), args, and image.tag, which
// carries the digest it resolves to at preview (METRICS_SERVER_IMAGES).
function metricsServerValues(config: MetricsServerArgs["config"]) {
  return {
    replicas: config.replicas,
    podDisruptionBudget: { enabled: config.replicas >= 2, minAvailable: 1 },
    updateStrategy: SURGE_UPDATE,
    resources: podResources(config.resources),
    podSecurityContext: RESTRICTED_POD,
    securityContext: RESTRICTED_CONTAINER,
    args: config.kubeletInsecureTls ? ["--kubelet-insecure-tls"] : [],
  };
}

export class MetricsServer extends pulumi.ComponentResource {
  constructor(name: string, args: MetricsServerArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("slipway:platform:MetricsServer", name, {}, opts);
    const namespace = createNamespace(this, args, "metrics-server", NAMESPACE);
    // helm.v4.Chart: a Deployment, Service and APIService without hooks, each visible to previews and policies.
    helmChart(
      "metrics-server",
      {
        pin: METRICS_SERVER_CHART,
        releaseName: "metrics-server",
        namespace,
        values: metricsServerValues(args.config),
        extra: { service: "metricsServer", values: args.config.values },
      },
      this,
      args,
    );
    this.registerOutputs({});
  }
}
