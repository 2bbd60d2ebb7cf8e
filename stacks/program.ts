/**
 * The Slipway program: validated config in, components wired in dependency order, outputs out. The
 * stack's layer (`slipway:layer`, config/layers.ts) chooses what it declares: a `single` stack the
 * platform and its apps in one process, a `platform` stack the platform alone (platform-layer.ts), an
 * `apps` stack one team's apps on its platform stack's cluster (apps-layer.ts). No rules live here;
 * they belong to stacks/config.ts and the components.
 */
import type { StackContext } from "../components/app/stack-context";
import { podSecurityVersion } from "../config/cluster";
import { routedDomains } from "../config/gateway-domains";
import type { StackConfig } from "../config/types";
import { appsOutputs, defineAppsStack, pinTags, registerApps, registryOutputs, secretNameKey } from "./apps-layer";
import { finishStackConfig, readStackConfig } from "./config";
import { checkImageProblems } from "../components/app/check-image-pins";
import { resolveCheckImages } from "../components/platform/check-images";
import { resolvePlatformImages } from "../components/platform/image-resolution";
import { ConfigError } from "../config/errors";
import { definePlatform, definePlatformStack, PLATFORM_IMAGES_OUTPUT, platformSummary } from "./platform-layer";
import { nextPlatformHistory } from "../components/platform/platform-history";
import { PLATFORM_HISTORY_OUTPUT, readPreviousReleases } from "./previous-releases";

const UNRESOLVED_HERE =
  "could not be resolved to a digest at this preview (make its registry reachable from where the preview runs)";

/** A `single` stack: the platform, with its apps' repositories and domains, then the apps on it. */
async function defineSingleStack(config: StackConfig) {
  const previous = await readPreviousReleases();
  const appNames = Object.keys(config.apps).sort();
  // Every registry lookup before any resource: a refusal leaves nothing half-declared.
  const [tagDigests, images, checkImages] = await Promise.all([
    pinTags(config),
    resolvePlatformImages(config.platform, config.environment),
    resolveCheckImages(config.platform),
  ]);
  const unpinnedChecks = checkImageProblems(config.apps, checkImages, config.environment, UNRESOLVED_HERE);
  if (unpinnedChecks.length > 0) throw new ConfigError(unpinnedChecks);
  const key = secretNameKey();
  const { tags, cluster, registry, artifacts, platform } = definePlatform(config, {
    images,
    checkImages,
    registryApps: appNames,
    domains: [...new Set(routedDomains(config.apps).map((routed) => routed.domain))].sort(),
  });
  const oidc = cluster.identity.oidc;
  const context: StackContext = {
    stack: config.stack,
    environment: config.environment,
    provider: cluster.provider,
    podSecurityVersion: podSecurityVersion(config.cluster),
    gateway: config.platform.gateway,
    registry,
    secretNameKey: key,
    knownSecretNameKey: previous.nameKey,
    prometheusUrl: platform.services.monitoring?.prometheusUrl,
    aws: oidc && { oidc, buckets: artifacts?.buckets ?? {}, bucketKeyArn: artifacts?.kmsKeyArn, tags },
    checkImages,
    platformDependencies: platform.appDependencies,
  };
  const apps = appsOutputs(await registerApps(config, context, previous, tagDigests), key);
  return {
    environment: config.environment,
    platform: platformSummary(platform),
    [PLATFORM_IMAGES_OUTPUT]: platform.images,
    [PLATFORM_HISTORY_OUTPUT]: nextPlatformHistory(previous.platform, platform.images),
    ...apps,
    // Separate outputs: a secret inside an object would hide the whole object.
    clusterName: cluster.name,
    clusterEndpoint: cluster.endpoint,
    oidcIssuer: cluster.oidcIssuer,
    kubeconfig: cluster.kubeconfig,
    registry: registryOutputs(config, registry),
    artifacts: Object.fromEntries(
      Object.entries(artifacts?.buckets ?? {}).map(([name, bucket]) => [name, bucket.name]),
    ),
  };
}

export async function defineStack(): Promise<Record<string, unknown>> {
  const read = readStackConfig();
  if (read.parsed.layer === "apps") return defineAppsStack(read);
  const config = finishStackConfig(read.parsed);
  return config.layer === "platform" ? definePlatformStack(config) : defineSingleStack(config);
}
