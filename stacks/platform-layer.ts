/**
 * The platform layer: network, cluster, artifact stores and platform services. A `platform` stack is
 * just this, exporting what its apps stacks read (config/platform-outputs.ts); a `single` stack builds
 * it first, with its own apps' repositories and domains, then its apps.
 */
import * as pulumi from "@pulumi/pulumi";
import { createAppStackBoundaries } from "../components/app-stack-boundaries";
import { Artifacts } from "../components/artifacts";
import { awsTags, type AwsTags } from "../components/aws-common";
import { Cluster, eksClusterName } from "../components/cluster";
import { Network } from "../components/network";
import { Platform } from "../components/platform";
import { resolvePlatformImages, type ResolvedDigests } from "../components/platform/image-resolution";
import { GATEWAY_CLASS } from "../components/platform/services/router";
import { createImageRegistry, type ImageRegistry } from "../components/registry";
import { podSecurityVersion } from "../config/cluster";
import { nodePlatform } from "../config/infra-defaults";
import { grantedAppStacks } from "../config/cluster-access";
import { appStackGrants, CONTRACT_VERSION, PLATFORM_FOR_APPS_OUTPUT } from "../config/platform-outputs";
import { servicesForApps } from "../config/platform-check";
import type { StackConfig } from "../config/types";

export interface PlatformParts {
  tags: AwsTags;
  cluster: Cluster;
  /** Single stacks only: an apps stack creates its own apps' repositories. */
  registry?: ImageRegistry;
  artifacts?: Artifacts;
  platform: Platform;
}

export interface PlatformInputs {
  /** The apps that get a registry repository (single stacks). */
  registryApps?: string[];
  /** The routed app domains the platform's Gateways carry listeners for (single stacks). */
  domains: string[];
  /** Platform stacks: the apps stack owning each granted hostname, which `domains` lists. */
  hostnameOwners?: Record<string, string>;
  /** The platform's unpinned images as resolved at preview, before anything was declared. */
  images: ResolvedDigests;
}

export function definePlatform(config: StackConfig, inputs: PlatformInputs): PlatformParts {
  const tags = awsTags(config.stack, config.environment);
  const network =
    config.cluster.mode === "eks"
      ? new Network("network", {
          config: config.cluster.network,
          clusterName: eksClusterName(config.cluster, config.stack),
          tags,
        })
      : undefined;
  const cluster = new Cluster("cluster", { config: config.cluster, stack: config.stack, tags, network });
  const registry =
    inputs.registryApps &&
    createImageRegistry("registry", { config: config.registry, apps: inputs.registryApps, stack: config.stack, tags });
  const artifacts =
    Object.keys(config.artifacts.buckets).length > 0
      ? new Artifacts("artifacts", { config: config.artifacts, stack: config.stack, tags })
      : undefined;
  const platform = new Platform("platform", {
    cluster: cluster.identity,
    clusterName: eksClusterName(config.cluster, config.stack),
    vpcId: cluster.identity.eks?.vpcId,
    config: config.platform,
    stack: config.stack,
    environment: config.environment,
    domains: inputs.domains,
    podSecurityVersion: podSecurityVersion(config.cluster),
    registry: config.registry,
    hostnameOwners: inputs.hostnameOwners,
    images: inputs.images,
  });
  return { tags, cluster, registry, artifacts, platform };
}

/**
 * The output that records every platform image by the digest it ran (with the release history, which
 * `npm run releases` and the release report read).
 */
export const PLATFORM_IMAGES_OUTPUT = "platformImages";

/** The platform's own outputs, the same in a single and a platform stack. */
export function platformSummary(platform: Platform) {
  return {
    gateway: platform.gateway,
    prometheusUrl: platform.services.monitoring?.prometheusUrl,
    grafanaAdminPassword: platform.services.monitoring?.grafanaAdminPassword,
    certificateIssuer: platform.services.certManager?.issuer,
    logGroup: platform.services.logging?.logGroupName,
  };
}

/** Every app stack grant, review tenants' included (config/cluster-access.ts grantedAppStacks). */
function grantsOf(config: StackConfig) {
  return appStackGrants(config.cluster.mode === "eks" ? grantedAppStacks(config.cluster.access) : {});
}

/** Each apps stack's grant, with the permissions boundary this stack creates for its roles. */
function appStacksForApps(config: StackConfig, parts: PlatformParts) {
  const grants = grantsOf(config);
  if (config.cluster.mode !== "eks") return grants;
  const boundaries = createAppStackBoundaries({
    platformStack: config.stack,
    appStacks: grantedAppStacks(config.cluster.access),
    buckets: parts.artifacts?.buckets ?? {},
    bucketKeyArn: parts.artifacts?.kmsKeyArn,
    tags: parts.tags,
  });
  return Object.fromEntries(
    Object.entries(grants).map(([stack, grant]) => [stack, { ...grant, permissionsBoundaryArn: boundaries[stack] }]),
  );
}

/** What apps stacks read (config/platform-outputs.ts platformForAppsSchema). */
function platformForApps(config: StackConfig, parts: PlatformParts) {
  const { cluster, artifacts, platform } = parts;
  const { apps: _apps, ...registry } = config.registry;
  const services = config.platform;
  return {
    contract: CONTRACT_VERSION,
    environment: config.environment,
    wave: config.wave,
    cluster: {
      mode: config.cluster.mode,
      name: cluster.name,
      endpoint: cluster.endpoint,
      oidc: cluster.identity.oidc,
      buildPlatform: nodePlatform(config.cluster),
    },
    registry,
    artifacts: {
      buckets: Object.fromEntries(
        Object.entries(artifacts?.buckets ?? {}).map(([key, bucket]) => [key, { name: bucket.name, arn: bucket.arn }]),
      ),
      kmsKeyArn: artifacts?.kmsKeyArn,
    },
    gateway: {
      className: GATEWAY_CLASS,
      ...config.platform.gateway,
      certificateIssuer: platform.services.certManager?.issuer,
      hostedZones: config.platform.hostedZones.map((zone) => zone.domain),
    },
    services: servicesForApps(services),
    prometheusUrl: platform.services.monitoring?.prometheusUrl,
    appStacks: appStacksForApps(config, parts),
  };
}

/** A `platform` stack: the platform layer alone, exporting what its apps stacks read. */
export async function definePlatformStack(config: StackConfig) {
  const images = await resolvePlatformImages(config.platform, config.environment);
  // Each apps stack's granted hostnames get listeners on the platform's Gateway that admit only it.
  const hostnameOwners = Object.fromEntries(
    Object.entries(grantsOf(config)).flatMap(([stack, grant]) => grant.hostnames.map((hostname) => [hostname, stack])),
  );
  const parts = definePlatform(config, { domains: Object.keys(hostnameOwners).sort(), hostnameOwners, images });
  const { cluster, artifacts, platform } = parts;
  return {
    environment: config.environment,
    platform: platformSummary(platform),
    [PLATFORM_IMAGES_OUTPUT]: platform.images,
    clusterName: cluster.name,
    clusterEndpoint: cluster.endpoint,
    oidcIssuer: cluster.oidcIssuer,
    kubeconfig: cluster.kubeconfig,
    artifacts: Object.fromEntries(Object.entries(artifacts?.buckets ?? {}).map(([key, bucket]) => [key, bucket.name])),
    [PLATFORM_FOR_APPS_OUTPUT]: pulumi.output(platformForApps(config, parts)),
  };
}
