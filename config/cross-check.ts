/**
 * Rules that relate one part of the stack config to another. They read the raw values defensively so
 * that they report alongside the per-field errors instead of waiting for those to be fixed.
 */
import { dependencyProblems } from "./app-network";
import type { ConfigProblem } from "./errors";
import { record } from "./raw";

export function crossCheck(raw: Record<string, unknown>): ConfigProblem[] {
  const apps = record(raw.apps);
  const secrets = record(raw.secrets);
  const problems: ConfigProblem[] = [];

  for (const app of Object.keys(secrets).sort()) {
    if (!Object.hasOwn(apps, app)) {
      problems.push({ key: `slipway:secrets.${app}`, message: `no app named "${app}" in slipway:apps` });
      continue;
    }
    const env = record(record(apps[app]).env);
    for (const name of Object.keys(record(secrets[app])).sort()) {
      if (Object.hasOwn(env, name)) {
        problems.push({
          key: `slipway:secrets.${app}.${name}`,
          message: `also set in slipway:apps.${app}.env.${name}; keep it in one place`,
        });
      }
    }
  }

  const routedBy = new Map<string, string>();
  for (const app of Object.keys(apps).sort()) {
    const domains = record(apps[app]).domains;
    if (!Array.isArray(domains)) continue;
    domains.forEach((domain, index) => {
      if (typeof domain !== "string") return;
      const owner = routedBy.get(domain);
      const key = `slipway:apps.${app}.domains[${index}]`;
      if (owner && !owner.startsWith(`slipway:apps.${app}.`)) {
        problems.push({ key, message: `"${domain}" is already routed to another app by ${owner}` });
      } else if (!owner) {
        routedBy.set(domain, key);
      }
    });
  }
  return [
    ...problems,
    ...dependencyProblems(apps),
    ...appStackNamespaceClashes(raw, apps),
    ...appStackBucketProblems(raw),
  ];
}

/**
 * A namespace this stack creates for an app stack must not be one it also fills itself: one of its
 * own apps (each app is a namespace) or the router's namespace.
 */
function appStackNamespaceClashes(raw: Record<string, unknown>, apps: Record<string, unknown>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const gatewayNamespace = record(record(raw.platform).gateway).namespace;
  const appStacks = record(record(record(raw.cluster).access).appStacks);
  for (const stack of Object.keys(appStacks)) {
    const namespaces = record(appStacks[stack]).namespaces;
    if (!Array.isArray(namespaces)) continue;
    namespaces.forEach((namespace, index) => {
      const key = `slipway:cluster.access.appStacks.${stack}.namespaces[${index}]`;
      if (typeof namespace === "string" && Object.hasOwn(apps, namespace))
        problems.push({ key, message: `"${namespace}" is the namespace of slipway:apps.${namespace} in this stack` });
      else if (namespace === gatewayNamespace)
        problems.push({
          key,
          message: `"${namespace}" is the router's namespace (slipway:platform.gateway.namespace)`,
        });
    });
  }
  return problems;
}

/** A bucket granted to an app stack must be one this stack keeps (slipway:artifacts.buckets). */
function appStackBucketProblems(raw: Record<string, unknown>): ConfigProblem[] {
  const kept = record(record(raw.artifacts).buckets);
  const appStacks = record(record(record(raw.cluster).access).appStacks);
  return Object.keys(appStacks).flatMap((stack) => {
    const buckets = record(appStacks[stack]).buckets;
    if (!Array.isArray(buckets)) return [];
    return buckets.flatMap((bucket: unknown, index) =>
      typeof bucket === "string" && !Object.hasOwn(kept, bucket)
        ? [
            {
              key: `slipway:cluster.access.appStacks.${stack}.buckets[${index}]`,
              message: `no bucket named "${bucket}" in slipway:artifacts.buckets`,
            },
          ]
        : [],
    );
  });
}
