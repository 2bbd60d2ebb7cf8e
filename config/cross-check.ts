/**
 * Rules that relate one part of the stack config to another, on the parsed sections: secrets and
 * their apps, domains across apps, app dependencies, and what a platform stack grants its apps stacks.
 */
import type { AppSettings } from "./app";
import type { ArtifactsConfig } from "./artifacts";
import type { ClusterConfig } from "./cluster";
import type { ConfigProblem } from "./errors";
import type { PlatformConfig } from "./platform";

/** Secrets belong to an app the stack has, and are not also set in its plain env. */
export function secretProblems({
  apps,
  secrets,
}: {
  apps: Record<string, AppSettings>;
  secrets: Record<string, Record<string, string>>;
}): ConfigProblem[] {
  const problems: ConfigProblem[] = [];

  for (const app of Object.keys(secrets).sort()) {
    if (!Object.hasOwn(apps, app)) {
      problems.push({ key: `slipway:secrets.${app}`, message: `no app named "${app}" in slipway:apps` });
      continue;
    }
    const env = apps[app].env;
    for (const name of Object.keys(secrets[app]).sort()) {
      if (Object.hasOwn(env, name)) {
        problems.push({
          key: `slipway:secrets.${app}.${name}`,
          message: `also set in slipway:apps.${app}.env.${name}; keep it in one place`,
        });
      }
    }
  }
  return problems;
}

/** Each domain is routed to one app. */
export function domainClashProblems({ apps }: { apps: Record<string, AppSettings> }): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const routedBy = new Map<string, string>();
  for (const app of Object.keys(apps).sort()) {
    apps[app].domains.forEach((domain, index) => {
      const owner = routedBy.get(domain);
      const key = `slipway:apps.${app}.domains[${index}]`;
      if (owner && !owner.startsWith(`slipway:apps.${app}.`)) {
        problems.push({ key, message: `"${domain}" is already routed to another app by ${owner}` });
      } else if (!owner) {
        routedBy.set(domain, key);
      }
    });
  }
  return problems;
}

/** The app stacks this stack grants access to (slipway:cluster.access exists only for mode eks). */
function appStacksOf(cluster: ClusterConfig) {
  return cluster.mode === "eks" ? cluster.access.appStacks : {};
}

/**
 * A namespace this stack creates for an app stack must not be one it also fills itself: one of its
 * own apps (each app is a namespace) or the router's namespace.
 */
export function grantedNamespaceProblems({
  apps,
  platform,
  cluster,
}: {
  apps: Record<string, AppSettings>;
  platform: PlatformConfig;
  cluster: ClusterConfig;
}): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const appStacks = appStacksOf(cluster);
  for (const stack of Object.keys(appStacks)) {
    appStacks[stack].namespaces.forEach((namespace, index) => {
      const key = `slipway:cluster.access.appStacks.${stack}.namespaces[${index}]`;
      if (Object.hasOwn(apps, namespace))
        problems.push({ key, message: `"${namespace}" is the namespace of slipway:apps.${namespace} in this stack` });
      else if (namespace === platform.gateway.namespace)
        problems.push({
          key,
          message: `"${namespace}" is the router's namespace (slipway:platform.gateway.namespace)`,
        });
    });
  }
  return problems;
}

/** A bucket granted to an app stack must be one this stack keeps (slipway:artifacts.buckets). */
export function grantedBucketProblems({
  cluster,
  artifacts,
}: {
  cluster: ClusterConfig;
  artifacts: ArtifactsConfig;
}): ConfigProblem[] {
  const appStacks = appStacksOf(cluster);
  return Object.keys(appStacks).flatMap((stack) =>
    appStacks[stack].buckets.flatMap((bucket, index) =>
      Object.hasOwn(artifacts.buckets, bucket)
        ? []
        : [
            {
              key: `slipway:cluster.access.appStacks.${stack}.buckets[${index}]`,
              message: `no bucket named "${bucket}" in slipway:artifacts.buckets`,
            },
          ],
    ),
  );
}
