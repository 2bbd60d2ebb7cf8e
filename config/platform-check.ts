/**
 * Rules between platform services, and between the platform and the apps that need it, on the parsed
 * sections (config/stack-rules.ts). Each problem names both keys involved.
 */
import { certificateName, listenerDomains, routedDomains, tlsSecretName } from "./gateway-domains";
import { shardGatewayName, shardListeners, type ShardedGateway } from "./gateway-shards";
import { isDnsSubdomain } from "./k8s-limits";
import type { ConfigProblem } from "./errors";
import type { AppSettings } from "./app";
import type { ClusterConfig } from "./cluster";
import type { PlatformConfig } from "./platform";
import { domainName } from "./primitives";
import { chartValuesProblems } from "./chart-values-check";
import { chartAnnotationProblems } from "./object-size";
import { APPS_SERVICE_KEYS, PLATFORM_SERVICES, SERVICE_KEYS, type AppsServiceKey, type ServiceKey } from "./services";
import type { ServiceSpec } from "./services/spec";

/** A domain that needs a listener and certificate, with the config key that asks for it. */
interface RequestedDomain {
  /** The app (or apps stack, for a grant); absent for the Gateway's own wildcards, which no route names and external-dns does not publish. */
  app?: string;
  domain: string;
  key: string;
}

function inZone(domain: string, zones: string[]): boolean {
  const name = domain.replace(/^\*\./, "");
  return zones.some((zone) => name === zone || name.endsWith(`.${zone}`));
}

const P = "slipway:platform";

/**
 * What the app rules need from the platform: this stack's resolved `slipway:platform`, or in an apps
 * stack its platform stack's outputs (config/apps-platform-check.ts).
 */
export interface PlatformView {
  /** Whether each service apps stacks see runs (config/services: `forApps`). */
  services: Record<AppsServiceKey, boolean>;
  issuer: string;
  /** The hosted zones' domains. */
  hostedZones: string[];
  gateway: ShardedGateway;
  /**
   * An apps stack's domains are served by the platform's listeners for its grants: their count and
   * the platform's wildcards are the platform stack's concern.
   */
  listenersByPlatform: boolean;
}

/** Which of the services apps stacks see run: the platform layer exports it (platformForApps.services). */
export function servicesForApps(platform: PlatformConfig): Record<AppsServiceKey, boolean> {
  return Object.fromEntries(APPS_SERVICE_KEYS.map((key) => [key, platform[key].enabled])) as Record<
    AppsServiceKey,
    boolean
  >;
}

function viewOf(platform: PlatformConfig): PlatformView {
  return {
    services: servicesForApps(platform),
    issuer: platform.certManager.issuer,
    hostedZones: platform.hostedZones.map((zone) => zone.domain),
    gateway: platform.gateway,
    listenersByPlatform: false,
  };
}

/** What the app rules read of each app. */
type AppKeys = Pick<AppSettings, "strategy" | "autoscale" | "processes" | "routable" | "domains">;

export function strategyProblems(apps: Record<string, AppKeys>, platform: PlatformView): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const app of Object.keys(apps).sort()) {
    const { type } = apps[app].strategy;
    const key = `slipway:apps.${app}.strategy.type`;
    if ((type === "canary" || type === "blueGreen") && !platform.services.rollouts) {
      problems.push({ key, message: `${type} needs the Argo Rollouts controller, but ${P}.rollouts.enabled is false` });
    }
    if (type === "canary" && !platform.services.monitoring) {
      problems.push({ key, message: `canary analysis queries Prometheus, but ${P}.monitoring.enabled is false` });
    }
  }
  return problems;
}

/** An HPA scales on CPU utilisation from the metrics API, which metrics-server serves. */
export function scalingProblems(apps: Record<string, AppKeys>, platform: PlatformView): ConfigProblem[] {
  if (platform.services.metricsServer) return [];
  const problems: ConfigProblem[] = [];
  const message = `needs CPU metrics from metrics-server, but ${P}.metricsServer.enabled is false (the autoscaler would never scale)`;
  for (const app of Object.keys(apps).sort()) {
    const { autoscale, processes } = apps[app];
    if (autoscale !== undefined) problems.push({ key: `slipway:apps.${app}.autoscale`, message });
    // A process without scaling of its own holds the app's autoscale (config/app.ts resolveProcesses).
    for (const name of Object.keys(processes).sort()) {
      const own = processes[name].autoscale;
      if (own !== undefined && own !== autoscale)
        problems.push({ key: `slipway:apps.${app}.processes.${name}.autoscale`, message });
    }
  }
  return problems;
}

/** Gateway API caps a Gateway at 64 listeners; one is the HTTP redirect, the others HTTPS. */
const MAX_HTTPS_LISTENERS = 63;

/** One problem per shard whose Gateway would exceed the listener limit, at its first domain over it. */
function listenerLimitProblems(domains: RequestedDomain[], listeners: string[][], platform: PlatformView) {
  const { name, shards } = platform.gateway;
  const remedy =
    shards === 1
      ? `add a wildcard over the apps' domains, make some apps internal (routable: false), or raise ${P}.gateway.shards`
      : `raise ${P}.gateway.shards (now ${shards}; changing it moves some domains to another Gateway), add a wildcard over the apps' domains, or make some apps internal (routable: false)`;
  return listeners.flatMap((shard, index): ConfigProblem[] => {
    if (shard.length <= MAX_HTTPS_LISTENERS) return [];
    const first = domains.find((d) => d.domain === shard[MAX_HTTPS_LISTENERS]);
    const gateway =
      shards === 1 ? "the shared Gateway" : `Gateway ${shardGatewayName(name, index)} (shard ${index} of ${shards})`;
    return [
      {
        key: first?.key ?? `${P}.gateway.shards`,
        message: `${gateway} has at most ${MAX_HTTPS_LISTENERS} HTTPS listeners (Gateway API allows 64; one is the HTTP redirect), and the stack needs ${shard.length}: one per domain that no ${P}.gateway.wildcards entry covers; ${remedy}`,
      },
    ];
  });
}

/** The schema keeps `name` a DNS label; the last shard's `<name>-<n>` must stay one too. */
function shardNameProblems(platform: PlatformConfig): ConfigProblem[] {
  const { name, shards } = platform.gateway;
  const last = shardGatewayName(name, shards - 1);
  if (last.length <= 63) return [];
  return [
    {
      key: `${P}.gateway.name`,
      message: `names the last of ${P}.gateway.shards (${shards}) Gateways ${last}, ${last.length} characters long; expected at most 63: use a shorter name`,
    },
  ];
}

function domainProblems(appDomains: RequestedDomain[], platform: PlatformView): ConfigProblem[] {
  const wildcards = platform.listenersByPlatform
    ? []
    : platform.gateway.wildcards.map((domain, i): RequestedDomain => ({ domain, key: `${P}.gateway.wildcards[${i}]` }));
  const domains = [...wildcards, ...appDomains];
  const appDomainNames = appDomains.map((d) => d.domain);
  const listeners = listenerDomains(appDomainNames, platform.gateway.wildcards);
  const problems =
    platform.services.router && !platform.listenersByPlatform
      ? listenerLimitProblems(domains, shardListeners(appDomainNames, platform.gateway), platform)
      : [];
  const byCertificate = new Map<string, RequestedDomain>();
  for (const routed of domains) {
    const { domain, key } = routed;
    if (!platform.services.router)
      problems.push({ key, message: `is routed through the shared Gateway, but ${P}.router.enabled is false` });
    if (!platform.services.certManager)
      problems.push({ key, message: `needs a TLS certificate, but ${P}.certManager.enabled is false` });
    if (routed.app && platform.services.externalDns && !inZone(domain, platform.hostedZones)) {
      problems.push({ key, message: `is in none of ${P}.hostedZones, so ${P}.externalDns.enabled cannot publish it` });
    }
    if (domain.startsWith("*.") && platform.issuer !== "self-signed" && !inZone(domain, platform.hostedZones)) {
      problems.push({
        key,
        message: `a wildcard certificate needs DNS-01: add its zone to ${P}.hostedZones (${P}.certManager.issuer is ${platform.issuer})`,
      });
    }
    // The Secret's name is the longest derived from a domain (Certificate and listener are shorter).
    const secretName = tlsSecretName(domain);
    // Only a valid domain: an invalid one has its own error, and its Secret name says nothing new.
    if (listeners.includes(domain) && domainName.safeParse(domain).success && !isDnsSubdomain(secretName)) {
      problems.push({
        key,
        message: `makes the TLS Secret name ${secretName.length} characters long; expected at most 253 (a Kubernetes object name): use a shorter domain or a wildcard that covers it`,
      });
    }
    const name = certificateName(domain);
    const other = byCertificate.get(name);
    if (other && other.domain !== domain)
      problems.push({ key, message: `would share the certificate name "${name}" with ${other.key}` });
    else byCertificate.set(name, routed);
  }
  return problems;
}

/** Every routed app domain against the Gateway, certificates and DNS the platform offers. */
export function appDomainProblems(
  apps: Record<string, AppKeys>,
  platform: PlatformView,
  granted: RequestedDomain[] = [],
): ConfigProblem[] {
  const requested = routedDomains(apps).map(({ app, domain, index }) => ({
    app,
    domain,
    key: `slipway:apps.${app}.domains[${index}]`,
  }));
  return domainProblems([...requested, ...granted], platform);
}

/**
 * The hostnames this stack grants its apps stacks: each gets a listener and a certificate here, and
 * external-dns publishes the routes that use it, so they answer to the same rules as app domains.
 */
function grantedHostnames(cluster: ClusterConfig): RequestedDomain[] {
  if (cluster.mode !== "eks") return [];
  const { appStacks, reviewStacks } = cluster.access;
  const granted = Object.keys(appStacks).flatMap((stack) =>
    appStacks[stack].hostnames.map((domain, index) => ({
      app: stack,
      domain,
      key: `slipway:cluster.access.appStacks.${stack}.hostnames[${index}]`,
    })),
  );
  // A review grant's wildcard gets its listener and certificate like any other grant.
  const review = Object.keys(reviewStacks).map((source) => ({
    app: source,
    domain: `*.${reviewStacks[source].domain}`,
    key: `slipway:cluster.access.reviewStacks.${source}.domain`,
  }));
  return [...granted, ...review];
}

/** The config keys of every enabled setting that needs AWS (an EKS cluster with IRSA), in registry order. */
export function settingsNeedingAws(platform: PlatformConfig): string[] {
  const services = SERVICE_KEYS.flatMap((key) => {
    const setting = awsSetting(key, platform);
    return setting === undefined ? [] : [`${P}.${key}.${setting}`];
  });
  return [...(platform.hostedZones.length > 0 ? [`${P}.hostedZones`] : []), ...services];
}

/** A service's `needsAws` asked of its own parsed section. */
function awsSetting(key: ServiceKey, platform: PlatformConfig): string | undefined {
  const spec: ServiceSpec = PLATFORM_SERVICES[key];
  return spec.needsAws?.(platform[key]);
}

/** Each service's `conflicts`, then its `requires`, against what the stack enables. */
function serviceRelationProblems(platform: PlatformConfig): ConfigProblem[] {
  const on = (service: string) => platform[service as ServiceKey].enabled;
  const spec = (key: ServiceKey): ServiceSpec => PLATFORM_SERVICES[key];
  const conflicts = SERVICE_KEYS.flatMap((key) =>
    spec(key)
      .conflicts.filter(({ service }) => on(key) && on(service))
      .map(({ service, why }) => ({
        key: `${P}.${key}.enabled`,
        message: `conflicts with ${P}.${service}.enabled: ${why}`,
      })),
  );
  const requires = SERVICE_KEYS.flatMap((key) =>
    spec(key)
      .requires.filter(({ service }) => on(key) && !on(service))
      .map(({ service, why }) => ({
        key: `${P}.${key}.enabled`,
        message: `${why}, but ${P}.${service}.enabled is false`,
      })),
  );
  return [...conflicts, ...requires];
}

interface Sections {
  apps: Record<string, AppKeys>;
  platform: PlatformConfig;
  cluster: ClusterConfig;
}

/** The services' relations and each service's own settings, which need no other section. */
export function platformProblems({ platform }: Pick<Sections, "platform">): ConfigProblem[] {
  const problems = serviceRelationProblems(platform);
  if (platform.externalDns.enabled && platform.hostedZones.length === 0) {
    problems.push({ key: `${P}.externalDns.enabled`, message: `needs at least one zone in ${P}.hostedZones` });
  }
  return [
    ...problems,
    ...shardNameProblems(platform),
    ...chartValuesProblems(platform),
    ...chartAnnotationProblems(Object.fromEntries(SERVICE_KEYS.map((key) => [key, platform[key]]))),
  ];
}

/** The apps' domains, release strategies and autoscalers against what this stack's platform runs. */
export function appsOnPlatformProblems({ apps, platform, cluster }: Sections): ConfigProblem[] {
  const view = viewOf(platform);
  return [
    ...appDomainProblems(apps, view, grantedHostnames(cluster)),
    ...strategyProblems(apps, view),
    ...scalingProblems(apps, view),
  ];
}

/** A service that calls AWS needs the IRSA role only an EKS cluster gives it. */
export function clusterModeProblems({ cluster, platform }: Pick<Sections, "cluster" | "platform">): ConfigProblem[] {
  if (cluster.mode !== "existing") return [];
  return settingsNeedingAws(platform).map((key) => ({
    key,
    message: "needs AWS through an IRSA role, but slipway:cluster.mode is existing (turn it off for a local cluster)",
  }));
}
