/**
 * The program's stack outputs, typed once: what each layer returns (program.ts, platform-layer.ts,
 * apps-layer.ts), every name the entry point exports (index.ts; the CLI reads the module's exports),
 * and the `platformForApps` and `kubeconfig` outputs in the shape apps stacks read back
 * (config/platform-outputs.ts). Each value is built here once, for every layer that exports it.
 */
import * as pulumi from "@pulumi/pulumi";
import type { AppOutputs } from "../components/app/app";
import type { Artifacts } from "../components/artifacts";
import type { Cluster } from "../components/cluster";
import type { Platform } from "../components/platform";
import type { ImageRegistry } from "../components/registry";
import { KUBECONFIG_OUTPUT, PLATFORM_FOR_APPS_OUTPUT, type PlatformForApps } from "../config/platform-outputs";
import type { StackConfig } from "../config/types";
import { nextPlatformHistory } from "../components/platform/platform-history";
import {
  NAME_KEY_OUTPUT,
  PLATFORM_HISTORY_OUTPUT,
  RELEASE_HISTORY_OUTPUT,
  type PreviousReleases,
} from "./previous-releases";

/**
 * The output that records every platform image by the digest it ran (with the release history, which
 * `npm run releases` and the release report read).
 */
const PLATFORM_IMAGES_OUTPUT = "platformImages";

/**
 * What a single and a platform stack both export first: the platform's own outputs, its images and
 * their history (read back by the next update, stacks/previous-releases.ts).
 */
export function platformOutputs(config: StackConfig, platform: Platform, previous: PreviousReleases) {
  return {
    environment: config.environment,
    platform: {
      gateway: platform.gateway,
      prometheusUrl: platform.services.monitoring?.prometheusUrl,
      grafanaAdminPassword: platform.services.monitoring?.grafanaAdminPassword,
      certificateIssuer: platform.services.certManager?.issuer,
      logGroup: platform.services.logging?.logGroupName,
    },
    [PLATFORM_IMAGES_OUTPUT]: platform.images,
    [PLATFORM_HISTORY_OUTPUT]: nextPlatformHistory(previous.platform, platform.images),
  };
}

/** The cluster's outputs: separate ones, since a secret inside an object would hide the whole object. */
export function clusterOutputs(cluster: Cluster) {
  return {
    clusterName: cluster.name,
    clusterEndpoint: cluster.endpoint,
    oidcIssuer: cluster.oidcIssuer,
    [KUBECONFIG_OUTPUT]: cluster.kubeconfig,
  };
}

/** Each artifact bucket's name, by its key. */
export function artifactsOutputs(artifacts: Artifacts | undefined) {
  return {
    artifacts: Object.fromEntries(Object.entries(artifacts?.buckets ?? {}).map(([key, bucket]) => [key, bucket.name])),
  };
}

/** The apps' outputs, the release history the next update reads back, and the naming key. */
export function appsOutputs(apps: Record<string, AppOutputs>, key: pulumi.Output<string>) {
  return {
    apps: Object.fromEntries(
      Object.entries(apps).map(([name, app]) => [
        name,
        { namespace: app.namespace, workloads: app.workloads, configMap: app.configMapName, secret: app.secretName },
      ]),
    ),
    [RELEASE_HISTORY_OUTPUT]: Object.fromEntries(Object.entries(apps).map(([name, app]) => [name, app.releases])),
    [NAME_KEY_OUTPUT]: pulumi.secret(key),
  };
}

/** The registry mode and each app's repository. */
export function registryOutputs(config: StackConfig, registry: ImageRegistry | undefined) {
  const names = Object.keys(config.apps).sort();
  return {
    registry: {
      mode: config.registry.mode,
      repositories: Object.fromEntries(
        names.flatMap((name) => (registry?.repositoryFor(name) ? [[name, registry.repositoryFor(name)]] : [])),
      ),
    },
  };
}

/** `T` with any part of it still an Output or a promise, as `pulumi.output` takes it. */
export type Inputs<T> = [T] extends [string | number | boolean | null | undefined]
  ? pulumi.Input<T>
  : T extends Array<infer E>
    ? pulumi.Input<Array<Inputs<E>>>
    : pulumi.Input<{ [K in keyof T]: Inputs<T[K]> }>;

type PlatformLayerOutputs = ReturnType<typeof platformOutputs> &
  ReturnType<typeof clusterOutputs> &
  ReturnType<typeof artifactsOutputs>;
type AppsLayerOutputs = ReturnType<typeof appsOutputs> & ReturnType<typeof registryOutputs>;

export type SingleStackOutputs = PlatformLayerOutputs & AppsLayerOutputs;
export type PlatformStackOutputs = PlatformLayerOutputs & {
  /** What apps stacks read, in the contract's shape. */
  [PLATFORM_FOR_APPS_OUTPUT]: pulumi.Output<PlatformForApps>;
};
export type AppsStackOutputs = Pick<PlatformLayerOutputs, "environment"> &
  AppsLayerOutputs & {
    /** The platform stack this apps stack runs on. */
    platformStack: string;
  };

/** Every output some layer exports. */
export type StackOutputs = Partial<SingleStackOutputs & PlatformStackOutputs & AppsStackOutputs>;

/** Every output's name once: `satisfies` makes a name the type lacks, or one missing here, a type error. */
export const STACK_OUTPUT_NAMES = {
  environment: true,
  platform: true,
  [PLATFORM_IMAGES_OUTPUT]: true,
  [PLATFORM_HISTORY_OUTPUT]: true,
  apps: true,
  [RELEASE_HISTORY_OUTPUT]: true,
  [NAME_KEY_OUTPUT]: true,
  clusterName: true,
  clusterEndpoint: true,
  oidcIssuer: true,
  [KUBECONFIG_OUTPUT]: true,
  registry: true,
  artifacts: true,
  [PLATFORM_FOR_APPS_OUTPUT]: true,
  platformStack: true,
} as const satisfies Record<keyof StackOutputs, true>;
