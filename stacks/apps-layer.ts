/**
 * The apps layer: one App per configured app, sharing a StackContext. A single stack builds its
 * context from the platform it has just declared; an `apps` stack builds it from its platform stack's
 * outputs (read through one StackReference and checked before anything else is registered), with its
 * own Kubernetes provider, ECR repositories and IRSA roles (each capped by the permissions boundary its
 * platform defines for the stack). Its routes attach to the platform's listeners for its granted
 * hostnames, which admit only its namespaces.
 */
import { setImmediate } from "node:timers/promises";
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/kubernetes/provider";
import { RandomBytes } from "@pulumi/random/randomBytes";
import { App, type AppOutputs } from "../components/app/app";
import { checkImageProblems } from "../components/app/check-image-pins";
import { pinTag } from "../components/app/image-digest";
import type { StackContext } from "../components/app/stack-context";
import { awsTags } from "../components/aws-common";
import { createImageRegistry, type RepositoryOwner } from "../components/registry";
import { appConnections } from "../config/app-network";
import { notificationsAgainstPlatform } from "../config/apps-notifications-check";
import { appsAgainstPlatform } from "../config/apps-platform-check";
import { ConfigError } from "../config/errors";
import { withBuildPlatform } from "../config/infra-defaults";
import type { PlatformOutputs } from "../config/platform-outputs";
import { own } from "../config/raw";
import { granteeOf } from "../config/review-stack";
import type { ParsedStackConfig } from "../config/stack";
import type { StackConfig } from "../config/types";
import { finishStackConfig, type ReadConfig } from "./config";
import { readPlatformOutputs } from "./platform-reference";
import { reviewImages } from "./review-images";
import { appsOutputs, registryOutputs, type AppsStackOutputs } from "./outputs";
import { NAME_KEY_RESOURCE, readPreviousReleases, type PreviousReleases } from "./previous-releases";
import { stackContext } from "./stack-context";

/**
 * Each app's configured tag as a digest, looked up before any resource: a refusal leaves nothing
 * half-declared. A review copy's tag of its original's repository is looked up there.
 */
export function pinTags(
  config: StackConfig,
  borrowed: Record<string, RepositoryOwner> = {},
): Promise<Array<string | undefined>> {
  return Promise.all(
    Object.keys(config.apps)
      .sort()
      .map((name) =>
        pinTag(name, config.apps[name], config.registry, config.stack, config.environment, own(borrowed, name)),
      ),
  );
}

/** The webhook's URL (a Pulumi secret) and events, when the stack names a webhook. */
function notificationsOf(config: StackConfig) {
  // The config check makes sure the secret is there.
  if (!config.notifications || !config.webhookUrl) return undefined;
  return { webhookUrl: config.webhookUrl, events: config.notifications.events };
}

/** One key per stack for naming Secrets by a keyed digest of their values. */
export function secretNameKey(): pulumi.Output<string> {
  return new RandomBytes(NAME_KEY_RESOURCE, { length: 32 }).hex;
}

export async function registerApps(
  config: StackConfig,
  context: StackContext,
  previous: PreviousReleases,
  tagDigests: Array<string | undefined>,
): Promise<Record<string, AppOutputs>> {
  const apps: Record<string, AppOutputs> = {};
  const connections = appConnections(config.apps);
  const notifications = notificationsOf(config);
  for (const [index, name] of Object.keys(config.apps).sort().entries()) {
    const { workloads, configMapName, secretName, releases } = new App(name, {
      context,
      config: config.apps[name],
      // own(): an app may be named after an Object.prototype member (`constructor`).
      secrets: own(config.secrets, name) ?? {},
      secretsDigest: own(config.secretDigests, name),
      previousReleases: own(previous.apps, name),
      buildDigest: own(config.buildDigests, name),
      tagDigest: tagDigests[index],
      connections: connections[name],
      notifications,
    });
    apps[name] = { namespace: name, workloads, configMapName, secretName, releases };
    // One app at a time: its registrations go out before the next app is declared, so the SDK never
    // holds thousands in flight (500 apps under the mock engine: half the time, 40 % of the memory;
    // docs/performance.md). Nothing waits for the resources themselves: the engine still creates
    // every app's resources in parallel.
    await setImmediate();
  }
  return apps;
}

function clusterProvider({ forApps, kubeconfig }: PlatformOutputs): Provider {
  return kubeconfig !== undefined
    ? new Provider("cluster-k8s", { kubeconfig: pulumi.secret(kubeconfig) })
    : new Provider("cluster-k8s", { context: forApps.cluster.name || undefined });
}

/** An apps stack's platform stack, which the layer rules require (config/layers.ts layerProblems). */
function platformStackOf(parsed: ParsedStackConfig): string {
  if (parsed.platformStack !== undefined) return parsed.platformStack;
  throw new ConfigError([{ key: "slipway:platformStack", message: "expected the platform stack's name" }]);
}

/** An `apps` stack: its platform's outputs checked first, then its apps on that platform's cluster. */
export async function defineAppsStack({ raw, parsed }: ReadConfig): Promise<AppsStackOutputs> {
  const platformStack = platformStackOf(parsed);
  const platform = await readPlatformOutputs(platformStack);
  const { forApps } = platform;
  // A review stack runs under its review tenant's grant (config/review-grants.ts), an apps stack under its own.
  const grantee = granteeOf(pulumi.getStack(), parsed.review);
  // Only a wave the stack file sets must match: without one, an apps stack deploys in its platform's.
  const stackFile = {
    environment: parsed.environment,
    apps: parsed.apps,
    wave: raw.wave === undefined ? undefined : parsed.wave,
  };
  const problems = [
    ...appsAgainstPlatform(stackFile, forApps, { stack: grantee, platformStack }),
    ...notificationsAgainstPlatform(parsed.notifications, forApps, platformStack),
  ];
  if (problems.length > 0) throw new ConfigError(problems);
  const config = finishStackConfig({
    ...parsed,
    apps: withBuildPlatform(parsed.apps, forApps.cluster.buildPlatform),
    registry: forApps.registry,
  });
  const unpinnedChecks = checkImageProblems(
    config.apps,
    forApps.checkImages,
    config.environment,
    `is published by ${platformStack} without a digest (its lookup failed): update ${platformStack} where the registry is reachable`,
  );
  if (unpinnedChecks.length > 0) throw new ConfigError(unpinnedChecks);
  const previous = await readPreviousReleases();
  const images = parsed.review && reviewImages(config.apps, config.registry, parsed.review);
  const tagDigests = await pinTags(config, images?.borrowed);
  const tags = awsTags(config.stack, config.environment);
  const registry = createImageRegistry("registry", {
    config: images?.registry ?? config.registry,
    apps: Object.keys(config.apps).sort(),
    stack: config.stack,
    tags,
    ephemeral: images !== undefined,
    borrowed: images?.borrowed,
  });
  const key = secretNameKey();
  const { gateway, artifacts } = forApps;
  const grant = own(forApps.appStacks, grantee);
  const context = stackContext(
    config,
    { registry, secretNameKey: key, previous, tags },
    {
      provider: clusterProvider(platform),
      // Each domain's listener on the platform's Gateway is its grant's: the exact hostname, or the
      // wildcard grant one label above it (the config check refuses any other).
      gateway: {
        name: gateway.name,
        namespace: gateway.namespace,
        wildcards: (grant?.hostnames ?? []).filter((hostname) => hostname.startsWith("*.")),
        shards: gateway.shards,
      },
      namespacesFromPlatform: true,
      checkImages: forApps.checkImages,
      prometheusUrl: forApps.prometheusUrl,
      oidc: forApps.cluster.oidc,
      aws: {
        buckets: Object.fromEntries(
          Object.entries(artifacts.buckets).map(([name, bucket]) => [
            name,
            { name: pulumi.output(bucket.name), arn: pulumi.output(bucket.arn) },
          ]),
        ),
        bucketKeyArn: artifacts.kmsKeyArn,
        // An app with an IRSA role runs in a granted namespace (the config check), so the grant is there.
        permissionsBoundaryArn: grant?.permissionsBoundaryArn,
      },
      platformDependencies: [],
    },
  );
  const apps = await registerApps(config, context, previous, tagDigests);
  return {
    environment: config.environment,
    platformStack,
    ...appsOutputs(apps, key),
    ...registryOutputs(config, registry),
  };
}
