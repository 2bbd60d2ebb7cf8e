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
import { resolveCheckImages, type CheckImages } from "../components/platform/check-images";
import { resolvePlatformImages, type ResolvedDigests } from "../components/platform/image-resolution";
import { GATEWAY_CLASS } from "../components/platform/services/router";
import { createImageRegistry, type ImageRegistry } from "../components/registry";
import { podSecurityVersion } from "../config/cluster";
import { ConfigError } from "../config/errors";
import { nodePlatform } from "../config/infra-defaults";
import { grantedAppStacks } from "../config/cluster-access";
import {
  appStackGrants,
  CONTRACT_VERSION,
  PLATFORM_FOR_APPS_OUTPUT,
  type PlatformForApps,
} from "../config/platform-outputs";
import { servicesForApps } from "../config/platform-check";
import { readPreviousReleases } from "./previous-releases";
import type { StackConfig } from "../config/types";
import { artifactsOutputs, clusterOutputs, platformOutputs, type Inputs, type PlatformStackOutputs } from "./outputs";

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
  /** Every tenant of the cluster: a platform stack's granted apps stacks, or a single stack itself. */
  tenants: string[];
  /** The platform's unpinned images as resolved at preview, before anything was declared. */
  images: ResolvedDigests;
  /** Its check images as resolved at preview (components/platform/check-images.ts). */
  checkImages: CheckImages;
}

export function definePlatform(config: StackConfig, inputs: PlatformInputs): PlatformParts {
  const tags = awsTags(config.stack, config.environment);
  const { stack } = config;
  const cluster =
    config.cluster.mode === "eks"
      ? new Cluster("cluster", {
          config: config.cluster,
          stack,
          tags,
          network: new Network("network", {
            config: config.cluster.network,
            clusterName: eksClusterName(config.cluster, stack),
            tags,
          }),
        })
      : new Cluster("cluster", { config: config.cluster, stack, tags });
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
    tenants: inputs.tenants,
    images: inputs.images,
    checkImages: inputs.checkImages,
  });
  return { tags, cluster, registry, artifacts, platform };
}

/** Every app stack grant, review tenants' included (config/cluster-access.ts grantedAppStacks). */
function grantsOf(config: StackConfig) {
  return appStackGrants(config.cluster.mode === "eks" ? grantedAppStacks(config.cluster.access) : {});
}

/** Each apps stack's grant, with the permissions boundary this stack creates for its roles. */
function appStacksForApps(config: StackConfig, parts: PlatformParts) {
  // An existing cluster has no access entries (slipway:cluster.access is EKS only): it grants no apps stack.
  if (config.cluster.mode !== "eks") return {};
  const grants = grantsOf(config);
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
function platformForApps(config: StackConfig, parts: PlatformParts, checkImages: CheckImages): Inputs<PlatformForApps> {
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
    // Published only when on, so the outputs of a platform without it read as before.
    ...(services.rollouts.enabled && services.rollouts.notifications ? { rolloutNotifications: true } : {}),
    checkImages,
    appStacks: appStacksForApps(config, parts),
  };
}

/** A `platform` stack: the platform layer alone, exporting what its apps stacks read. */
export async function definePlatformStack(config: StackConfig): Promise<PlatformStackOutputs> {
  // One lookup per platform: its apps stacks run the check images it publishes (check-images.ts says why).
  const [platformImages, checkImages, previous] = await Promise.all([
    resolvePlatformImages(config.platform, config.environment),
    resolveCheckImages(config.platform),
    readPreviousReleases(),
  ]);
  if (platformImages.problems.length > 0) throw new ConfigError(platformImages.problems);
  const images = platformImages.digests;
  // Each apps stack's granted hostnames get listeners on the platform's Gateway that admit only it.
  const hostnameOwners = Object.fromEntries(
    Object.entries(grantsOf(config)).flatMap(([stack, grant]) => grant.hostnames.map((hostname) => [hostname, stack])),
  );
  const parts = definePlatform(config, {
    domains: Object.keys(hostnameOwners).sort(),
    hostnameOwners,
    tenants: Object.keys(grantsOf(config)).sort(),
    images,
    checkImages,
  });
  return {
    ...platformOutputs(config, parts.platform, previous),
    ...clusterOutputs(parts.cluster),
    ...artifactsOutputs(parts.artifacts),
    [PLATFORM_FOR_APPS_OUTPUT]: pulumi.output(platformForApps(config, parts, checkImages)),
  };
}
