/**
 * An apps stack's config against its platform stack's outputs: the rules a single stack checks
 * between its apps and its own cluster, registry, artifacts and platform run here against what the
 * platform exports (config/platform-outputs.ts), plus what only layers have: the same environment,
 * the same wave, and namespaces, hostnames and buckets the platform grants to this stack
 * (apps-ownership-check.ts). The listeners and certificates of granted hostnames are the platform's.
 */
import type { AppSettings } from "./app";
import { ownershipProblems } from "./apps-ownership-check";
import type { ConfigProblem } from "./errors";
import { appInfraProblems } from "./infra-cross-check";
import { appDomainProblems, scalingProblems, strategyProblems, type PlatformView } from "./platform-check";
import type { PlatformForApps } from "./platform-outputs";
import type { Tier } from "./tiers";

interface Names {
  stack: string;
  platformStack: string;
}

/** The apps stack's parsed config; `wave` only when the stack file sets one. */
interface AppsStack {
  environment: Tier;
  wave?: number;
  apps: Record<string, AppSettings>;
}

function platformView(platform: PlatformForApps): PlatformView {
  const { services, gateway } = platform;
  return {
    services,
    issuer: gateway.certificateIssuer ?? "self-signed",
    hostedZones: gateway.hostedZones,
    gateway,
    listenersByPlatform: true,
  };
}

function layerMatchProblems(config: AppsStack, platform: PlatformForApps, names: Names): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (config.environment !== platform.environment) {
    problems.push({
      key: "slipway:environment",
      message: `expected ${platform.environment}, the environment of platform stack ${names.platformStack} (an apps stack deploys to its platform's cluster), got ${JSON.stringify(config.environment)}`,
    });
  }
  if (config.wave !== undefined && config.wave !== platform.wave) {
    problems.push({
      key: "slipway:wave",
      message: `expected ${platform.wave}, the wave of platform stack ${names.platformStack}, or no wave at all (an apps stack deploys in its platform's wave), got ${config.wave}`,
    });
  }
  return problems;
}

/** An app's name is its namespace: the platform must grant it to this stack (when it declares grants). */
function grantProblems(apps: Record<string, AppSettings>, platform: PlatformForApps, names: Names): ConfigProblem[] {
  // Grants are EKS access entries (slipway:cluster.access exists only for mode eks): a platform on an
  // existing cluster cannot create and scope a team's namespaces, so it serves single stacks only.
  if (platform.cluster.mode !== "eks")
    return [
      {
        key: "slipway:platformStack",
        message: `platform stack ${names.platformStack} runs on an existing cluster (slipway:cluster.mode existing): apps stacks need a platform that builds an EKS cluster and grants them namespaces (slipway:cluster.access.appStacks); put these apps in a single stack instead`,
      },
    ];
  // The platform creates an apps stack's namespaces (components/eks/app-stacks.ts): an app in one it
  // does not grant would have no namespace to run in, and its deploy role no rights there.
  const granted = Object.hasOwn(platform.appStacks, names.stack) ? platform.appStacks[names.stack].namespaces : [];
  const namespaces = Object.keys(apps)
    .sort()
    .filter((app) => !granted.includes(app))
    .map((app) => ({
      key: `slipway:apps.${app}`,
      message: `runs in namespace "${app}", which platform stack ${names.platformStack} does not grant to this stack: add "${app}" to slipway:cluster.access.appStacks.${names.stack}.namespaces in Pulumi.${names.platformStack.split("/").pop()}.yaml`,
    }));
  return [...namespaces, ...ownershipProblems(apps, platform, names)];
}

/** A key of the platform stack named in a message: say which stack holds it. */
function inPlatformStack(problem: ConfigProblem, platformStack: string): ConfigProblem {
  const namesPlatformKey = /slipway:(cluster|registry|artifacts|platform)\b/.test(problem.message);
  return namesPlatformKey
    ? { ...problem, message: `${problem.message} (in platform stack ${platformStack})` }
    : problem;
}

export function appsAgainstPlatform(config: AppsStack, platform: PlatformForApps, names: Names): ConfigProblem[] {
  const { apps } = config;
  const view = platformView(platform);
  const infra = {
    clusterMode: platform.cluster.mode,
    mixedArchitectures: platform.cluster.mode === "eks" && platform.cluster.buildPlatform === undefined,
    registryMode: platform.registry.mode,
    bucketKeys: Object.keys(platform.artifacts.buckets),
  };
  const shared = [
    ...appInfraProblems(apps, infra),
    ...appDomainProblems(apps, view),
    ...strategyProblems(apps, view),
    ...scalingProblems(apps, view),
  ];
  return [
    ...layerMatchProblems(config, platform, names),
    ...grantProblems(apps, platform, names),
    ...shared.map((problem) => inPlatformStack(problem, names.platformStack)),
  ];
}
