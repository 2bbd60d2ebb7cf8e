/**
 * The install half of each platform service, under the key its config half has (config/services):
 * the charts it pins and how it installs, given the handles of the services it requires and uses.
 * `satisfies` makes a service missing here, or a key here with no config half, a type error.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Required, ServiceKey, Used } from "../../config/services";
import type { PlatformConfig } from "../../config/types";
import { listenerDomains } from "../../config/gateway-domains";
import { grantShardListeners, shardListeners } from "../../config/gateway-shards";
import type { ChartPin } from "./charts";
import type { ServiceArgs } from "./common";
import type { ServiceImages } from "./image-digests";
import type { Admission } from "./namespace-policies";
import { CERT_MANAGER_CHART, CERT_MANAGER_IMAGES, CERT_MANAGER_INGRESS, CertManager } from "./services/cert-manager";
import {
  CLUSTER_AUTOSCALER_CHART,
  CLUSTER_AUTOSCALER_IMAGES,
  CLUSTER_AUTOSCALER_INGRESS,
  ClusterAutoscaler,
} from "./services/cluster-autoscaler";
import { EXTERNAL_DNS_CHART, EXTERNAL_DNS_IMAGES, EXTERNAL_DNS_INGRESS, ExternalDns } from "./services/external-dns";
import {
  EXTERNAL_SECRETS_CHART,
  EXTERNAL_SECRETS_IMAGES,
  EXTERNAL_SECRETS_INGRESS,
  ExternalSecrets,
} from "./services/external-secrets";
import {
  KARPENTER_CHART,
  KARPENTER_CRDS_CHART,
  KARPENTER_IMAGES,
  KARPENTER_INGRESS,
  Karpenter,
} from "./services/karpenter";
import {
  LOAD_BALANCER_CONTROLLER_CHART,
  LOAD_BALANCER_CONTROLLER_IMAGES,
  LOAD_BALANCER_CONTROLLER_INGRESS,
  LoadBalancerController,
} from "./services/load-balancer-controller";
import { LOGGING_CHART, LOGGING_IMAGES, LOGGING_INGRESS, Logging } from "./services/logging";
import {
  METRICS_SERVER_CHART,
  METRICS_SERVER_IMAGES,
  METRICS_SERVER_INGRESS,
  MetricsServer,
} from "./services/metrics-server";
import { MONITORING_CHART, MONITORING_IMAGES, MONITORING_INGRESS, Monitoring } from "./services/monitoring";
import { ROLLOUTS_CHART, ROLLOUTS_IMAGES, ROLLOUTS_INGRESS, Rollouts } from "./services/rollouts";
import { GATEWAY_API_CRDS_CHART, ROUTER_CHART, ROUTER_IMAGES, ROUTER_INGRESS, Router } from "./services/router";

/** What each installer returns: the component, which later services and the stack read. */
type HandlesOf<T extends Record<ServiceKey, pulumi.ComponentResource>> = T;
export type Handles = HandlesOf<{
  router: Router;
  certManager: CertManager;
  externalDns: ExternalDns;
  metricsServer: MetricsServer;
  monitoring: Monitoring;
  logging: Logging;
  rollouts: Rollouts;
  karpenter: Karpenter;
  clusterAutoscaler: ClusterAutoscaler;
  externalSecrets: ExternalSecrets;
  loadBalancerController: LoadBalancerController;
}>;

/** What an installer is given: the shared arguments, its own config, and earlier services' handles. */
export interface InstallContext<K extends ServiceKey> {
  service: ServiceArgs;
  config: PlatformConfig[K];
  platform: PlatformConfig;
  /** Every routed app domain, or in a platform stack every hostname granted to an apps stack. */
  domains: string[];
  /** In a platform stack: the apps stack each granted hostname belongs to (empty otherwise). */
  hostnameOwners: Record<string, string>;
  /** Every tenant of the cluster: the apps stacks granted namespaces, or a single stack itself. */
  tenants: string[];
  vpcId?: pulumi.Input<string>;
  opts: pulumi.ComponentResourceOptions;
  /** The services it requires are always there (the config check refuses otherwise); those it uses, when enabled. */
  after: { [R in Required<K>]: Handles[R] } & { [U in Used<K>]?: Handles[U] };
}

interface Installer<K extends ServiceKey> {
  /** Every chart it installs, its own first (the CRD charts after). */
  charts: readonly [ChartPin, ...ChartPin[]];
  /** Every image its charts run, and the digest each runs by (image-digests.ts). */
  images: ServiceImages;
  /** Who may call its namespace, on which ports (namespace-policies.ts). */
  ingress: readonly Admission[];
  install(context: InstallContext<K>): Handles[K];
}

export const INSTALLERS = {
  router: {
    charts: [ROUTER_CHART, GATEWAY_API_CRDS_CHART],
    images: ROUTER_IMAGES,
    ingress: ROUTER_INGRESS,
    install: ({ service, config, platform, domains, hostnameOwners, opts, after }) =>
      new Router(
        "router",
        {
          ...service,
          config,
          gateway: platform.gateway,
          ...(Object.keys(hostnameOwners).length > 0
            ? {
                shards: grantShardListeners(domains, platform.gateway),
                tenancy: { owners: hostnameOwners, wildcards: platform.gateway.wildcards },
              }
            : { shards: shardListeners(domains, platform.gateway) }),
          loadBalancerController: after.loadBalancerController?.release,
          monitoringCrds: after.monitoring?.crds,
        },
        opts,
      ),
  },
  certManager: {
    charts: [CERT_MANAGER_CHART],
    images: CERT_MANAGER_IMAGES,
    ingress: CERT_MANAGER_INGRESS,
    install: ({ service, config, platform, domains, opts, after }) =>
      new CertManager(
        "cert-manager",
        {
          ...service,
          config,
          hostedZones: platform.hostedZones,
          gateway: platform.gateway,
          domains: listenerDomains(domains, platform.gateway.wildcards),
          routerNamespace: after.router.namespaceResource,
          gatewayApiCrds: after.router.gatewayApiCrds,
          monitoringCrds: after.monitoring?.crds,
        },
        opts,
      ),
  },
  externalDns: {
    charts: [EXTERNAL_DNS_CHART],
    images: EXTERNAL_DNS_IMAGES,
    ingress: EXTERNAL_DNS_INGRESS,
    install: ({ service, config, platform, opts, after }) =>
      new ExternalDns(
        "external-dns",
        { ...service, config, hostedZones: platform.hostedZones, gatewayApiCrds: after.router.gatewayApiCrds },
        opts,
      ),
  },
  metricsServer: {
    charts: [METRICS_SERVER_CHART],
    images: METRICS_SERVER_IMAGES,
    ingress: METRICS_SERVER_INGRESS,
    install: ({ service, config, opts }) => new MetricsServer("metrics-server", { ...service, config }, opts),
  },
  monitoring: {
    charts: [MONITORING_CHART],
    images: MONITORING_IMAGES,
    ingress: MONITORING_INGRESS,
    install: ({ service, config, opts }) => new Monitoring("monitoring", { ...service, config }, opts),
  },
  logging: {
    charts: [LOGGING_CHART],
    images: LOGGING_IMAGES,
    ingress: LOGGING_INGRESS,
    install: ({ service, config, opts }) => new Logging("logging", { ...service, config }, opts),
  },
  rollouts: {
    charts: [ROLLOUTS_CHART],
    images: ROLLOUTS_IMAGES,
    ingress: ROLLOUTS_INGRESS,
    install: ({ service, config, opts, after }) =>
      new Rollouts(
        "rollouts",
        { ...service, config, prometheusUrl: after.monitoring?.prometheusUrl, monitoringCrds: after.monitoring?.crds },
        opts,
      ),
  },
  karpenter: {
    charts: [KARPENTER_CHART, KARPENTER_CRDS_CHART],
    images: KARPENTER_IMAGES,
    ingress: KARPENTER_INGRESS,
    install: ({ service, config, opts }) => new Karpenter("karpenter", { ...service, config }, opts),
  },
  clusterAutoscaler: {
    charts: [CLUSTER_AUTOSCALER_CHART],
    images: CLUSTER_AUTOSCALER_IMAGES,
    ingress: CLUSTER_AUTOSCALER_INGRESS,
    install: ({ service, config, opts }) => new ClusterAutoscaler("cluster-autoscaler", { ...service, config }, opts),
  },
  externalSecrets: {
    charts: [EXTERNAL_SECRETS_CHART],
    images: EXTERNAL_SECRETS_IMAGES,
    ingress: EXTERNAL_SECRETS_INGRESS,
    install: ({ service, config, tenants, opts }) =>
      new ExternalSecrets("external-secrets", { ...service, config, tenants }, opts),
  },
  loadBalancerController: {
    charts: [LOAD_BALANCER_CONTROLLER_CHART],
    images: LOAD_BALANCER_CONTROLLER_IMAGES,
    ingress: LOAD_BALANCER_CONTROLLER_INGRESS,
    install: ({ service, config, vpcId, opts }) =>
      new LoadBalancerController("aws-load-balancer-controller", { ...service, config, vpcId }, opts),
  },
} satisfies { [K in ServiceKey]: Installer<K> };

/** Every chart the platform can install, by service. */
export const CHARTS: ReadonlyArray<ChartPin & { service: ServiceKey }> = (
  Object.keys(INSTALLERS) as ServiceKey[]
).flatMap((service) => INSTALLERS[service].charts.map((pin) => ({ ...pin, service })));

/** The service whose own chart (not a CRD chart) this is. */
export function serviceOfChart(chart: string): ServiceKey | undefined {
  return (Object.keys(INSTALLERS) as ServiceKey[]).find((service) => INSTALLERS[service].charts[0].chart === chart);
}
