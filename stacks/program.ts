/**
 * The Slipway program: validated config in, components wired in dependency order, outputs out. The
 * stack's layer (`slipway:layer`, config/layers.ts) chooses what it declares: a `single` stack the
 * platform and its apps in one process, a `platform` stack the platform alone (platform-layer.ts), an
 * `apps` stack one team's apps on its platform stack's cluster (apps-layer.ts). No rules live here;
 * they belong to stacks/config.ts and the components.
 */
import { podSecurityVersion } from "../config/cluster";
import { routedDomains } from "../config/gateway-domains";
import type { StackConfig } from "../config/types";
import { defineAppsStack, pinTags, registerApps, secretNameKey } from "./apps-layer";
import { finishStackConfig, readStackConfig } from "./config";
import { checkImageProblems } from "../components/app/check-image-pins";
import { resolveCheckImages } from "../components/platform/check-images";
import { resolvePlatformImages } from "../components/platform/image-resolution";
import { ConfigError } from "../config/errors";
import {
  appsOutputs,
  artifactsOutputs,
  clusterOutputs,
  platformOutputs,
  registryOutputs,
  type AppsStackOutputs,
  type PlatformStackOutputs,
  type SingleStackOutputs,
} from "./outputs";
import { definePlatform, definePlatformStack } from "./platform-layer";
import { readPreviousReleases } from "./previous-releases";
import { stackContext } from "./stack-context";

const UNRESOLVED_HERE =
  "could not be resolved to a digest at this preview (make its registry reachable from where the preview runs)";

/** A `single` stack: the platform, with its apps' repositories and domains, then the apps on it. */
async function defineSingleStack(config: StackConfig): Promise<SingleStackOutputs> {
  const previous = await readPreviousReleases();
  const appNames = Object.keys(config.apps).sort();
  // Every registry lookup before any resource: a refusal leaves nothing half-declared.
  const [tagDigests, platformImages, checkImages] = await Promise.all([
    pinTags(config),
    resolvePlatformImages(config.platform, config.environment),
    resolveCheckImages(config.platform),
  ]);
  const unpinned = [
    ...platformImages.problems,
    ...checkImageProblems(config.apps, checkImages, config.environment, UNRESOLVED_HERE),
  ];
  if (unpinned.length > 0) throw new ConfigError(unpinned);
  const images = platformImages.digests;
  const key = secretNameKey();
  const { tags, cluster, registry, artifacts, platform } = definePlatform(config, {
    images,
    checkImages,
    registryApps: appNames,
    // A single stack's own apps are its one tenant (components/app/app.ts labels their namespaces so).
    tenants: [config.stack],
    domains: [...new Set(routedDomains(config.apps).map((routed) => routed.domain))].sort(),
  });
  const context = stackContext(
    config,
    { registry, secretNameKey: key, previous, tags },
    {
      provider: cluster.provider,
      podSecurityVersion: podSecurityVersion(config.cluster),
      gateway: config.platform.gateway,
      prometheusUrl: platform.services.monitoring?.prometheusUrl,
      oidc: cluster.identity.oidc,
      aws: { buckets: artifacts?.buckets ?? {}, bucketKeyArn: artifacts?.kmsKeyArn },
      checkImages,
      platformDependencies: platform.appDependencies,
    },
  );
  const apps = await registerApps(config, context, previous, tagDigests);
  return {
    ...platformOutputs(config, platform, previous),
    ...appsOutputs(apps, key),
    ...clusterOutputs(cluster),
    ...registryOutputs(config, registry),
    ...artifactsOutputs(artifacts),
  };
}

export async function defineStack(): Promise<SingleStackOutputs | PlatformStackOutputs | AppsStackOutputs> {
  const read = readStackConfig();
  if (read.parsed.layer === "apps") return defineAppsStack(read);
  const config = finishStackConfig(read.parsed);
  return config.layer === "platform" ? definePlatformStack(config) : defineSingleStack(config);
}
