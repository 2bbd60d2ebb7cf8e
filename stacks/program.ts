/**
 * The Slipway program: validated config in, components wired in dependency order, outputs out.
 * No rules live here; they belong to stacks/config.ts and the components.
 */
import { setImmediate } from "node:timers/promises";
import * as pulumi from "@pulumi/pulumi";
import { RandomBytes } from "@pulumi/random/randomBytes";
import { App } from "../components/app/app";
import type { StackContext } from "../components/app/stack-context";
import { Artifacts } from "../components/artifacts";
import { awsTags } from "../components/aws-common";
import { Cluster, eksClusterName } from "../components/cluster";
import { Network } from "../components/network";
import { Platform } from "../components/platform";
import { createImageRegistry } from "../components/registry";
import { routedDomains } from "../config/gateway-domains";
import { own } from "../config/raw";
import { loadStackConfig } from "./config";
import { pinTag } from "../components/app/image-digest";
import { NAME_KEY_OUTPUT, NAME_KEY_RESOURCE, readPreviousReleases, RELEASE_HISTORY_OUTPUT } from "./previous-releases";

export async function defineStack() {
  const config = loadStackConfig();
  const previous = await readPreviousReleases();
  const appNames = Object.keys(config.apps).sort();
  // Before any resource: a refusal leaves nothing half-declared.
  const tagDigests = await Promise.all(
    appNames.map((name) => pinTag(name, config.apps[name], config.registry, config.stack, config.environment)),
  );
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
  const registry = createImageRegistry("registry", {
    config: config.registry,
    apps: appNames,
    stack: config.stack,
    tags,
  });
  const artifacts =
    Object.keys(config.artifacts.buckets).length > 0
      ? new Artifacts("artifacts", { config: config.artifacts, stack: config.stack, tags })
      : undefined;
  const oidc = cluster.identity.oidc;
  const aws = oidc && { oidc, buckets: artifacts?.buckets ?? {}, bucketKeyArn: artifacts?.kmsKeyArn, tags };
  // One key per stack for naming Secrets by a keyed digest of their values.
  const secretNameKey = new RandomBytes(NAME_KEY_RESOURCE, { length: 32 }).hex;
  const platform = new Platform("platform", {
    cluster: cluster.identity,
    clusterName: eksClusterName(config.cluster, config.stack),
    vpcId: cluster.identity.eks?.vpcId,
    config: config.platform,
    stack: config.stack,
    environment: config.environment,
    domains: [...new Set(routedDomains(config.apps).map((routed) => routed.domain))].sort(),
  });

  const context: StackContext = {
    stack: config.stack,
    environment: config.environment,
    provider: cluster.provider,
    gateway: config.platform.gateway,
    registry,
    secretNameKey,
    knownSecretNameKey: previous.nameKey,
    prometheusUrl: platform.monitoring?.prometheusUrl,
    aws,
    platformDependencies: platform.appDependencies,
  };
  const apps: Record<string, App> = {};
  for (const [index, name] of appNames.entries()) {
    apps[name] = new App(name, {
      context,
      config: config.apps[name],
      // own(): an app may be named after an Object.prototype member (`constructor`).
      secrets: own(config.secrets, name) ?? {},
      secretsDigest: own(config.secretDigests, name),
      previousReleases: own(previous.apps, name),
      buildDigest: own(config.buildDigests, name),
      tagDigest: tagDigests[index],
    });
    // One app at a time: its registrations go out before the next app is declared, so the SDK never
    // holds thousands in flight (500 apps under the mock engine: half the time, 40 % of the memory;
    // README "Performance"). Nothing waits for the resources themselves: the engine still creates
    // every app's resources in parallel.
    await setImmediate();
  }

  return {
    environment: config.environment,
    platform: {
      gateway: platform.gateway,
      prometheusUrl: platform.monitoring?.prometheusUrl,
      grafanaAdminPassword: platform.monitoring?.grafanaAdminPassword,
      certificateIssuer: platform.certManager?.issuer,
      logGroup: platform.logging?.logGroupName,
    },
    apps: Object.fromEntries(
      Object.entries(apps).map(([name, app]) => [
        name,
        {
          namespace: app.namespace,
          workloads: app.workloads,
          configMap: app.configMapName,
          secret: app.secretName,
        },
      ]),
    ),
    [RELEASE_HISTORY_OUTPUT]: Object.fromEntries(Object.entries(apps).map(([name, app]) => [name, app.releases])),
    [NAME_KEY_OUTPUT]: pulumi.secret(secretNameKey),
    // Separate outputs: a secret inside an object would hide the whole object.
    clusterName: cluster.name,
    clusterEndpoint: cluster.endpoint,
    oidcIssuer: cluster.oidcIssuer,
    kubeconfig: cluster.kubeconfig,
    registry: {
      mode: config.registry.mode,
      repositories: Object.fromEntries(
        appNames.flatMap((name) => (registry?.repositoryFor(name) ? [[name, registry.repositoryFor(name)]] : [])),
      ),
    },
    artifacts: Object.fromEntries(Object.entries(artifacts?.buckets ?? {}).map(([key, bucket]) => [key, bucket.name])),
  };
}
