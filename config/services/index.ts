/**
 * The platform services, each under the one key it has everywhere: `slipway:platform.<key>`, its
 * config half here (config/services/<key>.ts) and its install half in components/platform/installers.ts,
 * whose `satisfies` makes a service with one half missing a type error. The order is the order of the
 * keys in `slipway:platform`; installs follow `requires` and `uses` (installOrder).
 */
import type { ChartRails } from "../chart-guard-rails";
import { certManager } from "./cert-manager";
import { clusterAutoscaler } from "./cluster-autoscaler";
import { externalDns } from "./external-dns";
import { externalSecrets } from "./external-secrets";
import { karpenter } from "./karpenter";
import { loadBalancerController } from "./load-balancer-controller";
import { logging } from "./logging";
import { metricsServer } from "./metrics-server";
import { monitoring } from "./monitoring";
import { rollouts } from "./rollouts";
import { router } from "./router";

export const PLATFORM_SERVICES = {
  router,
  certManager,
  externalDns,
  metricsServer,
  monitoring,
  logging,
  rollouts,
  karpenter,
  clusterAutoscaler,
  externalSecrets,
  loadBalancerController,
} as const;

type Services = typeof PLATFORM_SERVICES;
export type ServiceKey = keyof Services;
export const SERVICE_KEYS = Object.keys(PLATFORM_SERVICES) as ServiceKey[];

/** The services a service requires (enabled with it) and uses (when enabled), by their keys. */
export type Required<K extends ServiceKey> = Services[K]["requires"][number]["service"];
export type Used<K extends ServiceKey> = Services[K]["uses"][number];
/** The services apps stacks see running (platformForApps.services): the app rules ask about these. */
export type AppsServiceKey = { [K in ServiceKey]: Services[K]["forApps"] extends true ? K : never }[ServiceKey];
export const APPS_SERVICE_KEYS = SERVICE_KEYS.filter((key) => PLATFORM_SERVICES[key].forApps) as AppsServiceKey[];

/**
 * Every service after the services it requires and uses, otherwise in registry order; a cycle is a
 * programming error and throws (test/platform-services/registry.ts renders every service).
 */
export function installOrder(): ServiceKey[] {
  const order: ServiceKey[] = [];
  const visiting = new Set<ServiceKey>();
  const visit = (key: ServiceKey) => {
    if (order.includes(key)) return;
    if (visiting.has(key)) throw new Error(`platform services: ${[...visiting, key].join(" → ")} is a cycle`);
    visiting.add(key);
    const spec = PLATFORM_SERVICES[key];
    for (const { service } of spec.requires) visit(service);
    for (const service of spec.uses) visit(service);
    visiting.delete(key);
    order.push(key);
  };
  SERVICE_KEYS.forEach(visit);
  return order;
}

/** What each service's chart values keep (config/chart-guard-rails.ts), by service key. */
export const CHART_RAILS: Record<ServiceKey, ChartRails> = byService((key) => PLATFORM_SERVICES[key].chart);

/** One entry per service, in registry order. */
function byService<T>(entry: (key: ServiceKey) => T): Record<ServiceKey, T> {
  return Object.fromEntries(SERVICE_KEYS.map((key) => [key, entry(key)])) as Record<ServiceKey, T>;
}

/** The platform services whose chart takes extra values: every one. */
export type ChartService = ServiceKey;
