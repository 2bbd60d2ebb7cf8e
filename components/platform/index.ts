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
import { installOrder, PLATFORM_SERVICES, type ServiceKey } from "../../config/services";
import type { ClusterIdentity } from "../cluster-identity";
import type { ServiceArgs } from "./common";
import { INSTALLERS, type Handles, type InstallContext } from "./installers";
import { platformLabels } from "./common";
import { TenantAdmission } from "./admission/tenant-admission";
import { platformRegistries } from "./admission/params";
import type { CheckImages } from "./check-images";
import { platformImages, resolvedImageValues, type ResolvedDigests } from "./image-resolution";

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
  /** The Pod Security Standards version every namespace pins (config/cluster.ts podSecurityVersion). */
  podSecurityVersion: string;
  /** Where the stack's apps push their images (slipway:registry, its mode in force). */
  registry: { mode: string; server?: string };
  /** In a platform stack: the apps stack each granted hostname (in `domains`) belongs to; its listener admits only that stack. */
  hostnameOwners?: Record<string, string>;
  /** Every tenant of the cluster: the apps stacks granted namespaces, or a single stack itself. */
  tenants: string[];
  /** The digests its unpinned images resolved to at preview (image-resolution.ts resolvePlatformImages). */
  images: ResolvedDigests;
  /** The references its apps' checks run, as resolved at preview (check-images.ts): the admission admits exactly these. */
  checkImages: CheckImages;
}

export class Platform extends pulumi.ComponentResource {
  public readonly gateway: { name: string; namespace: string };
  public readonly appDependencies: pulumi.Resource[];
  /** The handle of every enabled service, by its key. */
  public readonly services: Partial<Handles>;
  /** Every image the enabled services run, by service and image name, with the digest that pins it. */
  public readonly images: Record<string, Record<string, string>>;

  constructor(name: string, args: PlatformArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("slipway:platform:Platform", name, {}, opts);
    const { config, cluster } = args;
    const awsSettings = settingsNeedingAws(config);
    if (cluster.mode === "existing" && awsSettings.length > 0) {
      throw new Error(`${awsSettings.join(", ")}: need AWS through IRSA roles, but the cluster mode is existing`);
    }
    // What every service is given; its images' values and its namespace's callers are its own (below).
    const service: Omit<ServiceArgs, "imageValues" | "ingress"> = {
      provider: cluster.provider,
      stack: args.stack,
      environment: args.environment,
      podSecurityVersion: args.podSecurityVersion,
      routerNamespaceName: config.gateway.namespace,
    };
    if (cluster.mode === "eks") {
      service.aws = {
        oidc: cluster.oidc,
        partition: getPartitionOutput({}, { parent: this }).partition,
        region: getRegionOutput({}, { parent: this }).region,
        accountId: getCallerIdentityOutput({}, { parent: this }).accountId,
        clusterName: args.clusterName,
        clusterSecurityGroupId: cluster.eks.clusterSecurityGroupId,
      };
    }
    const installed: Partial<Handles> = {};
    for (const key of installOrder()) {
      if (!config[key].enabled) continue;
      const context = {
        service: { ...service, imageValues: resolvedImageValues(key, args.images), ingress: INSTALLERS[key].ingress },
        platform: config,
        domains: args.domains,
        hostnameOwners: args.hostnameOwners ?? {},
        tenants: args.tenants,
        vpcId: args.vpcId,
        opts: { parent: this },
      };
      (installed as Record<ServiceKey, unknown>)[key] = install(key, context, installed);
    }
    this.services = installed;
    new TenantAdmission(
      "tenant-admission",
      {
        provider: cluster.provider,
        labels: platformLabels(service, "admission"),
        podSecurityVersion: args.podSecurityVersion,
        digestsRequired: args.environment === "prod",
        ownRegistries: platformRegistries(args.registry, service.aws),
        allowedRegistries: config.admission.allowedRegistries,
        externalSecrets: config.externalSecrets.enabled,
        checkImages: [args.checkImages.rolloutCheck, args.checkImages.smoke],
        aws: service.aws,
      },
      { parent: this },
    );

    this.gateway = config.gateway;
    this.images = platformImages(config, args.images);
    const monitoringCrds = installed.monitoring?.crds;
    this.appDependencies = [
      ...(installed.router?.routeDependencies ?? []),
      ...(installed.rollouts ? [installed.rollouts.crds] : []),
      ...(monitoringCrds ? [monitoringCrds] : []),
    ];
    this.registerOutputs({ gateway: this.gateway });
  }
}

/**
 * One service, given the handles of those it requires and uses. A required one missing is a
 * programming error: the config check (config/platform-check.ts) refuses such a config by key.
 */
function install<K extends ServiceKey>(
  key: K,
  context: Omit<InstallContext<K>, "config" | "after">,
  installed: Partial<Handles>,
): Handles[K] {
  const spec = PLATFORM_SERVICES[key];
  const after: Partial<Handles> = {};
  for (const { service } of spec.requires as ReadonlyArray<{ service: ServiceKey }>) {
    if (installed[service] === undefined) throw new Error(`slipway:platform.${key}: requires ${service}, which is off`);
    Object.assign(after, { [service]: installed[service] });
  }
  for (const service of spec.uses as readonly ServiceKey[]) Object.assign(after, { [service]: installed[service] });
  const installer = INSTALLERS[key] as unknown as { install(context: InstallContext<K>): Handles[K] };
  return installer.install({ ...context, config: context.platform[key], after: after as InstallContext<K>["after"] });
}
