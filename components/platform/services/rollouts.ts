/**
 * Progressive delivery: the Argo Rollouts controller with the Gateway API traffic-router plugin (it
 * rewrites HTTPRoute backend weights during a canary) and the Prometheus address analyses query.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PlatformConfig } from "../../../config/types";
import { FREE_FORM, GATEWAY_API_PLUGIN, type ChartPin } from "../charts";
import { NO_UPSTREAM_DIGEST, type ServiceImages } from "../image-digests";
import {
  createNamespace,
  helmRelease,
  podResources,
  RESTRICTED_CONTAINER,
  RESTRICTED_POD,
  type ServiceArgs,
} from "../common";
import { type Admission, metricsAdmission, ROLLOUTS_NAMESPACE } from "../namespace-policies";

// argoproj/argo-helm argo-rollouts-2.41.0, charts/argo-rollouts/Chart.yaml. The release check's CLI
// image (components/app/rollout-check.ts) runs this appVersion, as the controller does.
export const ROLLOUTS_CHART = {
  chart: "argo-rollouts",
  version: "2.41.0",
  repo: "https://argoproj.github.io/argo-helm",
  // https://argoproj.github.io/argo-helm/index.yaml, argo-rollouts 2.41.0 (index revision: argoproj/argo-helm gh-pages c77d0b1727b5)
  packageDigest: { version: "2.41.0", sha256: "ff53d617efb369cd07acc595309e7fa73a602576375e0a52a78dab1e2d970df5" },
  appVersion: "v1.9.0",
  freeForm: {
    "controller.resources": FREE_FORM.resources,
    "controller.nodeSelector": FREE_FORM.nodeSelector,
    containerSecurityContext: FREE_FORM.containerContext,
    podSecurityContext: FREE_FORM.podContext,
    podAnnotations: FREE_FORM.annotations,
    podLabels: FREE_FORM.labels,
  },
} as const satisfies ChartPin;

/** The images its chart runs at the pinned version, and the digest each runs by (image-digests.ts). */
export const ROLLOUTS_IMAGES = {
  chart: "2.41.0",
  images: {
    // argoproj/argo-helm argo-rollouts-2.41.0, charts/argo-rollouts/templates/controller/deployment.yaml L49
    // prints `<registry>/<repository>:<tag>`.
    controller: {
      image: "quay.io/argoproj/argo-rollouts",
      tag: "v1.9.0",
      key: "controller.image.tag",
      form: "tag@digest",
      unresolved: NO_UPSTREAM_DIGEST,
    },
  },
} as const satisfies ServiceImages;

/** Who may call its namespace, on which ports (namespace-policies.ts). */
// argoproj/argo-helm argo-rollouts-2.41.0 charts/argo-rollouts/values.yaml
export const ROLLOUTS_INGRESS: readonly Admission[] = [metricsAdmission(8090, "controller.containerPorts.metrics")];

export interface RolloutsArgs extends ServiceArgs {
  config: PlatformConfig["rollouts"];
  /** Where analyses send PromQL; undefined when monitoring is off. */
  prometheusUrl?: pulumi.Input<string>;
  /** Prometheus Operator CRDs, when monitoring is on (the chart adds a ServiceMonitor). */
  monitoringCrds?: pulumi.Resource;
}

const NAMESPACE = ROLLOUTS_NAMESPACE;
/** The plugin binary is built per architecture; the controller is pinned to the matching nodes. */
const PLUGIN_ARCH = "amd64";

// Keys checked in argoproj/argo-helm argo-rollouts-2.41.0, charts/argo-rollouts/values.yaml:
// controller.{replicas,pdb,resources}, podSecurityContext, containerSecurityContext. The controller's
// strategy is fixed by the chart (templates/controller/deployment.yaml: RollingUpdate with Kubernetes'
// 25% default, which rounds down to 0 unavailable at 2 or 3 replicas). The image tag defaults to v1.9.0.
function argoRolloutsValues(config: RolloutsArgs["config"], monitoring: boolean) {
  return {
    installCRDs: true,
    keepCRDs: true,
    controller: {
      replicas: config.replicas,
      pdb: { enabled: config.replicas >= 2, minAvailable: 1 },
      resources: podResources(config.resources),
      nodeSelector: { "kubernetes.io/arch": PLUGIN_ARCH },
      // argoproj/argo-rollouts v1.9.0 cmd/rollouts-controller/main.go L192-197, L340: with this flag the
      // controller watches the notification ConfigMap and Secret (utils/record/record.go L51-52 names
      // them) in every namespace, and sends a Rollout's notifications with its own namespace's config
      // as well as the controller's (docs/features/notifications.md "Namespace based configuration").
      // Its ClusterRole already reads Secrets and ConfigMaps (manifests/role/argo-rollouts-clusterrole.yaml).
      ...(config.notifications ? { extraArgs: ["--self-service-notification-enabled"] } : {}),
      metrics: { enabled: monitoring, serviceMonitor: { enabled: monitoring } },
      // Rendered as given into the argo-rollouts-config ConfigMap (templates/controller/configmap.yaml
      // L19-22); it must be a list. With `sha256` the controller refuses a binary that differs. The
      // stack's own pin (slipway:platform.rollouts.trafficRouterPlugin) replaces the unverified built-in one.
      trafficRouterPlugins: [
        {
          name: GATEWAY_API_PLUGIN.name,
          location: config.trafficRouterPlugin?.url ?? GATEWAY_API_PLUGIN.location(PLUGIN_ARCH),
          sha256: config.trafficRouterPlugin?.sha256 ?? GATEWAY_API_PLUGIN.sha256(PLUGIN_ARCH),
        },
      ],
    },
    podSecurityContext: RESTRICTED_POD,
    containerSecurityContext: RESTRICTED_CONTAINER,
    dashboard: { enabled: false },
    providerRBAC: {
      enabled: true,
      providers: { gatewayAPI: true },
      // The plugin patches route weights; the chart's gatewayAPI rules stop at update.
      additionalRules: [
        {
          apiGroups: ["gateway.networking.k8s.io"],
          resources: ["httproutes"],
          verbs: ["get", "list", "watch", "update", "patch"],
        },
      ],
    },
  };
}

export class Rollouts extends pulumi.ComponentResource {
  public readonly prometheusUrl?: pulumi.Output<string>;
  public readonly trafficRouterPlugin: string = GATEWAY_API_PLUGIN.name;
  /** Done when the Rollout/AnalysisTemplate CRDs exist and the controller is ready. */
  public readonly crds: pulumi.Resource;

  constructor(name: string, args: RolloutsArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("slipway:platform:Rollouts", name, {}, opts);
    const namespace = createNamespace(this, args, "rollouts", NAMESPACE);
    // helm.v3.Release: apps' Rollouts need its CRDs, and one awaited resource is a dependency they can wait on.
    this.crds = helmRelease(
      "argo-rollouts",
      {
        pin: ROLLOUTS_CHART,
        releaseName: "argo-rollouts",
        namespace,
        extra: { service: "rollouts", values: args.config.values },
        values: argoRolloutsValues(args.config, args.monitoringCrds !== undefined),
      },
      this,
      args,
      args.monitoringCrds ? [args.monitoringCrds] : [],
    );
    this.prometheusUrl = args.prometheusUrl === undefined ? undefined : pulumi.output(args.prometheusUrl);
    this.registerOutputs({ prometheusUrl: this.prometheusUrl, trafficRouterPlugin: this.trafficRouterPlugin });
  }
}
