/**
 * The platform (what Deis Workflow's router, logger, monitor and controller machinery did), built from
 * maintained projects: each service is its own component, switched on by config, wired here in
 * dependency order. Apps depend on `appDependencies` (Gateway API CRDs, the Gateway, the Rollouts and
 * Prometheus Operator CRDs) so their routes, Rollouts and monitors are created after them.
 */
import * as pulumi from "@pulumi/pulumi";
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import { getPartitionOutput } from "@pulumi/aws/getPartition";
import { getRegionOutput } from "@pulumi/aws/getRegion";
import type { PlatformConfig } from "../../config/types";
import { settingsNeedingAws } from "../../config/platform-check";
import type { ClusterIdentity } from "../cluster-identity";
import { LoadBalancerController } from "./services/load-balancer-controller";
import { CertManager } from "./services/cert-manager";
import { ClusterAutoscaler } from "./services/cluster-autoscaler";
import type { ServiceArgs } from "./common";
import { ExternalDns } from "./services/external-dns";
import { ExternalSecrets } from "./services/external-secrets";
import { listenerDomains } from "../../config/gateway-domains";
import { shardListeners } from "../../config/gateway-shards";
import { Karpenter } from "./services/karpenter";
import { Logging } from "./services/logging";
import { MetricsServer } from "./services/metrics-server";
import { Monitoring } from "./services/monitoring";
import { Rollouts } from "./services/rollouts";
import { Router } from "./services/router";

export interface PlatformArgs {
  cluster: ClusterIdentity;
  /** The EKS cluster's name (plain text: IAM conditions and resource names are built from it). */
  clusterName: string;
  vpcId?: pulumi.Input<string>;
  config: PlatformConfig;
  stack: string;
  environment: string;
  /** Every routed app domain: each gets an HTTPS listener and a certificate, unless a Gateway wildcard covers it. */
  domains: string[];
}

export class Platform extends pulumi.ComponentResource {
  public readonly gateway: { name: string; namespace: string };
  public readonly appDependencies: pulumi.Resource[];
  public readonly router?: Router;
  public readonly certManager?: CertManager;
  public readonly monitoring?: Monitoring;
  public readonly rollouts?: Rollouts;
  public readonly logging?: Logging;
  public readonly karpenter?: Karpenter;

  constructor(name: string, args: PlatformArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("slipway:platform:Platform", name, {}, opts);
    const { config, cluster } = args;
    const awsSettings = settingsNeedingAws(config);
    if (cluster.mode === "existing" && awsSettings.length > 0) {
      throw new Error(`${awsSettings.join(", ")}: need AWS through IRSA roles, but the cluster mode is existing`);
    }
    const service: ServiceArgs = { provider: cluster.provider, stack: args.stack, environment: args.environment };
    if (cluster.mode === "eks" && cluster.oidc) {
      service.oidc = cluster.oidc;
      service.aws = {
        partition: getPartitionOutput({}, { parent: this }).partition,
        region: getRegionOutput({}, { parent: this }).region,
        accountId: getCallerIdentityOutput({}, { parent: this }).accountId,
        clusterName: args.clusterName,
      };
    }
    const child = { parent: this };
    const gatewayDomains = listenerDomains(args.domains, config.gateway.wildcards);

    const lbc = config.loadBalancerController.enabled
      ? new LoadBalancerController(
          "aws-load-balancer-controller",
          { ...service, config: config.loadBalancerController, vpcId: args.vpcId },
          child,
        )
      : undefined;
    this.monitoring = config.monitoring.enabled
      ? new Monitoring("monitoring", { ...service, config: config.monitoring }, child)
      : undefined;
    const monitoringCrds = this.monitoring?.crds;
    this.router = config.router.enabled
      ? new Router(
          "router",
          {
            ...service,
            config: config.router,
            gateway: config.gateway,
            shards: shardListeners(args.domains, config.gateway),
            loadBalancerController: lbc?.release,
            monitoringCrds,
          },
          child,
        )
      : undefined;
    const gatewayApiCrds = this.router?.routeDependencies[0];
    if (config.certManager.enabled && this.router) {
      this.certManager = new CertManager(
        "cert-manager",
        {
          ...service,
          config: config.certManager,
          hostedZones: config.hostedZones,
          gateway: config.gateway,
          domains: gatewayDomains,
          routerNamespace: this.router.namespaceResource,
          gatewayApiCrds: gatewayApiCrds!,
          monitoringCrds,
        },
        child,
      );
    }
    if (config.externalDns.enabled && gatewayApiCrds) {
      new ExternalDns(
        "external-dns",
        { ...service, config: config.externalDns, hostedZones: config.hostedZones, gatewayApiCrds },
        child,
      );
    }
    if (config.metricsServer.enabled)
      new MetricsServer("metrics-server", { ...service, config: config.metricsServer }, child);
    this.logging = config.logging.enabled
      ? new Logging("logging", { ...service, config: config.logging }, child)
      : undefined;
    this.rollouts = config.rollouts.enabled
      ? new Rollouts(
          "rollouts",
          { ...service, config: config.rollouts, prometheusUrl: this.monitoring?.prometheusUrl, monitoringCrds },
          child,
        )
      : undefined;
    this.karpenter = config.karpenter.enabled
      ? new Karpenter("karpenter", { ...service, config: config.karpenter }, child)
      : undefined;
    if (config.clusterAutoscaler.enabled)
      new ClusterAutoscaler("cluster-autoscaler", { ...service, config: config.clusterAutoscaler }, child);
    if (config.externalSecrets.enabled)
      new ExternalSecrets("external-secrets", { ...service, config: config.externalSecrets }, child);

    this.gateway = config.gateway;
    this.appDependencies = [
      ...(this.router?.routeDependencies ?? []),
      ...(this.rollouts ? [this.rollouts.crds] : []),
      ...(monitoringCrds ? [monitoringCrds] : []),
    ];
    this.registerOutputs({ gateway: this.gateway });
  }
}
