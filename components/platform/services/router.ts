/**
 * The router: Traefik as the Gateway API implementation (why: docs/adr/0001-router.md), the Gateway
 * API CRDs, the `traefik` GatewayClass, the shared Gateway (one per shard, config/gateway-shards.ts)
 * whose HTTPS listeners follow the apps' domains, an HTTP→HTTPS redirect, and a PodMonitor so
 * Prometheus scrapes per-backend metrics.
 *
 * One Traefik Deployment and Service serve every shard: Traefik merges the listeners of all Gateways
 * of its class into the same entry points (8000/8443) and picks the certificate by SNI, and it writes
 * its Service's address into each Gateway's status, so every shard has the same load balancer.
 */
import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import type { PlatformConfig } from "../../../config/types";
import { FREE_FORM, type ChartPin } from "../charts";
import { digestValue, type ServiceImages } from "../image-digests";
import { type Admission, metricsAdmission } from "../namespace-policies";
import {
  createNamespace,
  helmChart,
  helmRelease,
  podResources,
  RESTRICTED_CONTAINER,
  RESTRICTED_POD,
  SURGE_UPDATE,
  zoneSpread,
  type ServiceArgs,
} from "../common";
import { ENTRYPOINT_PORTS, gatewayListeners, HTTP_LISTENER, type ListenerTenancy } from "./router-listeners";
import { shardGatewayName } from "../../../config/gateway-shards";

/** Gateway API standard-channel CRDs (v1.4.0) as templates, so Helm upgrades them with the chart. */
export const GATEWAY_API_CRDS_CHART = {
  chart: "traefik-crds",
  version: "1.12.0",
  repo: "https://traefik.github.io/charts",
  // traefik/traefik-helm-chart's gh-pages branch serves https://traefik.github.io/charts.
  packageDigest: {
    version: "1.12.0",
    unverified:
      "https://traefik.github.io/charts/index.yaml (traefik/traefik-helm-chart gh-pages) has not been checked for traefik-crds 1.12.0",
  },
} as const satisfies ChartPin;

// traefik/traefik-helm-chart v37.3.0, traefik/Chart.yaml. The backend naming in router-metrics.ts is
// keyed by this appVersion.
export const ROUTER_CHART = {
  chart: "traefik",
  version: "37.3.0",
  repo: "https://traefik.github.io/charts",
  packageDigest: {
    version: "37.3.0",
    unverified:
      "https://traefik.github.io/charts/index.yaml (traefik/traefik-helm-chart gh-pages) has not been checked for traefik 37.3.0",
  },
  appVersion: "v3.6.0",
  freeForm: {
    podSecurityContext: FREE_FORM.podContext,
    securityContext: FREE_FORM.containerContext,
    resources: FREE_FORM.resources,
    "service.annotations": FREE_FORM.annotations,
    "deployment.podAnnotations": FREE_FORM.annotations,
    "deployment.podLabels": FREE_FORM.labels,
  },
} as const satisfies ChartPin;

/** The images its chart runs at the pinned version, and the digest each runs by (image-digests.ts). */
export const ROUTER_IMAGES = {
  chart: "37.3.0",
  images: {
    // traefik/traefik-helm-chart v37.3.0, traefik/templates/_helpers.tpl L34 prints `<registry>/<repository>:<tag>`;
    // values.yaml L10-12: "When a digest is required, `versionOverride` can be used to set the version"
    // (router.ts sets it to the appVersion). Digest: the official image's registry record, its image
    // index (`application/vnd.oci.image.index.v1+json`, 12 platforms: one digest for every node
    // architecture): docker-library/repo-info repos/traefik/remote/3.6.0.md L4-8 at commit 9dbf70e77220
    // (repo-info has no tags, and drops a tag's file once the tag is retired).
    // docker-library/official-images library/traefik lists each `vX.Y.Z` tag in the same entry as
    // `X.Y.Z`, so the tag here is the one that record names.
    traefik: {
      image: "docker.io/traefik",
      tag: "3.6.0",
      key: "image.tag",
      form: "tag@digest",
      digest: "sha256:18112aed2bfe3dfb8534f1045622390c3316596cff0cefab64f44e43d23e1640",
    },
  },
} as const satisfies ServiceImages;

/** Who may call its namespace, on which ports (namespace-policies.ts). */
// traefik/traefik-helm-chart v37.3.0 traefik/values.yaml
export const ROUTER_INGRESS: readonly Admission[] = [
  { port: ENTRYPOINT_PORTS.http, from: "anywhere", what: "HTTP entry point", valuesKey: "ports.web.port" },
  { port: ENTRYPOINT_PORTS.https, from: "anywhere", what: "HTTPS entry point", valuesKey: "ports.websecure.port" },
  metricsAdmission(9100, "ports.metrics.port"),
];

export interface RouterArgs extends ServiceArgs {
  config: PlatformConfig["router"];
  gateway: PlatformConfig["gateway"];
  /** Each shard's listener domains (config/gateway-shards.ts shardListeners); each gets an HTTPS listener. */
  shards: string[][];
  /** In a platform stack with apps stacks: who owns each granted hostname's listener. */
  tenancy?: ListenerTenancy;
  /** The AWS Load Balancer Controller provisions the NLB (else the in-tree cloud provider does). */
  loadBalancerController?: pulumi.Resource;
  /** Prometheus Operator CRDs, when monitoring is on: the PodMonitor waits for them. */
  monitoringCrds?: pulumi.Resource;
}

/** The GatewayClass of every Gateway the platform creates (exported to apps stacks in platformForApps). */
export const GATEWAY_CLASS = "traefik";
const TRAEFIK_SELECTOR = { "app.kubernetes.io/name": "traefik" };
/** Fine enough for p99 latency between 5 ms and 10 s (Traefik's default has four buckets). */
const LATENCY_BUCKETS = "0.005,0.01,0.025,0.05,0.1,0.25,0.5,1,2.5,5,10";

function serviceValues(config: RouterArgs["config"], nlbByController: boolean) {
  if (config.exposure === "nodePort") return { service: { type: "NodePort" }, nodePorts: config.nodePorts };
  const internal = config.scheme === "internal";
  const annotations: Record<string, string> = nlbByController
    ? {
        "service.beta.kubernetes.io/aws-load-balancer-type": "external",
        "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
        "service.beta.kubernetes.io/aws-load-balancer-scheme": config.scheme,
      }
    : {
        "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
        ...(internal ? { "service.beta.kubernetes.io/aws-load-balancer-internal": "true" } : {}),
      };
  return { service: { type: "LoadBalancer", annotations }, nodePorts: undefined };
}

// Keys checked in traefik/traefik-helm-chart v37.3.0, traefik/values.yaml: deployment.replicas,
// podDisruptionBudget, updateStrategy, topologySpreadConstraints, resources, podSecurityContext (whose
// default keeps runAsUser 65532), securityContext, image.tag (with the recorded digest, ROUTER_IMAGES)
// and versionOverride, the version the chart's templates check features against.
function traefikValues(config: RouterArgs["config"], nlbByController: boolean) {
  const ha = config.replicas >= 2;
  const { service, nodePorts } = serviceValues(config, nlbByController);
  return {
    deployment: { replicas: config.replicas },
    podDisruptionBudget: ha ? { enabled: true, minAvailable: 1 } : { enabled: false },
    topologySpreadConstraints: ha ? zoneSpread(TRAEFIK_SELECTOR) : [],
    updateStrategy: SURGE_UPDATE,
    resources: podResources(config.resources),
    podSecurityContext: RESTRICTED_POD,
    securityContext: RESTRICTED_CONTAINER,
    image: { tag: digestValue(ROUTER_IMAGES, "traefik") },
    versionOverride: ROUTER_CHART.appVersion,
    global: { checkNewVersion: false, sendAnonymousUsage: false },
    // Gateway API only; the GatewayClass and Gateway are Slipway's own objects (below).
    providers: {
      kubernetesGateway: { enabled: true, statusAddress: { service: { enabled: true } } },
      kubernetesCRD: { enabled: false },
      kubernetesIngress: { enabled: false },
    },
    gateway: { enabled: false },
    gatewayClass: { enabled: false },
    ingressClass: { enabled: false },
    ingressRoute: { dashboard: { enabled: false } },
    ports: {
      web: { port: ENTRYPOINT_PORTS.http, exposedPort: 80, ...(nodePorts ? { nodePort: nodePorts.http } : {}) },
      websecure: {
        port: ENTRYPOINT_PORTS.https,
        exposedPort: 443,
        ...(nodePorts ? { nodePort: nodePorts.https } : {}),
      },
    },
    service,
    metrics: {
      prometheus: {
        entryPoint: "metrics",
        addServicesLabels: true,
        addEntryPointsLabels: true,
        buckets: LATENCY_BUCKETS,
      },
    },
  };
}

export class Router extends pulumi.ComponentResource {
  public readonly namespace: pulumi.Output<string>;
  public readonly gatewayName: pulumi.Output<string>;
  /** What app routes need before they are created: the CRDs, the GatewayClass and every shard's Gateway. */
  public readonly routeDependencies: pulumi.Resource[];
  public readonly namespaceResource: pulumi.Resource;
  /** The Gateway API CRDs: cert-manager's HTTP-01 solver and external-dns read routes through them. */
  public readonly gatewayApiCrds: pulumi.Resource;

  constructor(name: string, args: RouterArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("slipway:platform:Router", name, {}, opts);
    const ns = args.gateway.namespace;
    const namespace = createNamespace(this, args, "router", ns);
    const childOpts = { parent: this, provider: args.provider };

    // helm.v3.Release: one resource that finishes when the CRDs exist, so dependents can safely wait on it.
    const crds = helmRelease(
      "gateway-api-crds",
      {
        pin: GATEWAY_API_CRDS_CHART,
        releaseName: "gateway-api-crds",
        namespace,
        values: { gatewayAPI: true, traefik: false, hub: false },
      },
      this,
      args,
    );
    const controllerDeps = args.loadBalancerController ? [crds, args.loadBalancerController] : [crds];
    // helm.v4.Chart: plain Deployment/Service/RBAC without hooks, so every object is visible to previews and policies.
    helmChart(
      "traefik",
      {
        pin: ROUTER_CHART,
        releaseName: "traefik",
        namespace,
        skipCrds: true,
        extra: { service: "router", values: args.config.values },
        values: traefikValues(args.config, args.loadBalancerController !== undefined),
      },
      this,
      args,
      controllerDeps,
    );

    const gatewayClass = new CustomResource(
      "gateway-class",
      {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "GatewayClass",
        metadata: { name: GATEWAY_CLASS },
        spec: { controllerName: "traefik.io/gateway-controller" },
      },
      { ...childOpts, dependsOn: [crds] },
    );
    // Shard 0 keeps the unsharded resource and object names, so existing stacks do not move.
    const gateways = args.shards.map(
      (domains, shard) =>
        new CustomResource(
          shard === 0 ? "gateway" : `gateway-${shard}`,
          {
            apiVersion: "gateway.networking.k8s.io/v1",
            kind: "Gateway",
            metadata: { name: shardGatewayName(args.gateway.name, shard), namespace: ns },
            spec: { gatewayClassName: GATEWAY_CLASS, listeners: gatewayListeners(domains, args.tenancy) },
          },
          { ...childOpts, dependsOn: [namespace, crds, gatewayClass] },
        ),
    );
    new CustomResource(
      "https-redirect",
      {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "HTTPRoute",
        metadata: { name: "https-redirect", namespace: ns },
        spec: {
          // Every shard's HTTP listener (at most 32: MAX_SHARDS), so plain HTTP is redirected on each.
          parentRefs: args.shards.map((_, shard) => ({
            group: "gateway.networking.k8s.io",
            kind: "Gateway",
            name: shardGatewayName(args.gateway.name, shard),
            sectionName: HTTP_LISTENER,
          })),
          rules: [{ filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] }],
        },
      },
      { ...childOpts, dependsOn: gateways },
    );

    if (args.monitoringCrds) {
      new CustomResource(
        "traefik-metrics",
        {
          apiVersion: "monitoring.coreos.com/v1",
          kind: "PodMonitor",
          metadata: { name: "traefik", namespace: ns },
          spec: {
            selector: { matchLabels: TRAEFIK_SELECTOR },
            namespaceSelector: { matchNames: [ns] },
            podMetricsEndpoints: [{ port: "metrics", path: "/metrics", interval: "15s" }],
          },
        },
        { ...childOpts, dependsOn: [namespace, args.monitoringCrds] },
      );
    }

    this.namespace = namespace.metadata.name;
    this.gatewayName = gateways[0].metadata.name;
    this.namespaceResource = namespace;
    this.gatewayApiCrds = crds;
    this.routeDependencies = [crds, gatewayClass, ...gateways];
    this.registerOutputs({ namespace: this.namespace, gatewayName: this.gatewayName });
  }
}
