/**
 * The config half of a platform service (config/services/<key>.ts): its `slipway:platform.<key>`
 * schema with defaults per tier, what it needs from other services and from AWS, what apps stacks see
 * of it, and what its chart's values keep (chart-guard-rails.ts). The registry (index.ts) lists them.
 */
import { z } from "zod";
import type { ChartRails } from "../chart-guard-rails";
import { chartValues } from "../chart-values";
import { bool, cpuQuantity, integer, memoryQuantity } from "../primitives";
import type { Tier } from "../tiers";

export interface Requests {
  cpu: string;
  memory: string;
}

export interface ControllerDefaults {
  replicas: number;
  resources: Requests;
}

/** Another service this one needs, and why (the refusal says it). */
interface Needs {
  service: string;
  why: string;
}

export interface ServiceSpec<Schema extends z.ZodType = z.ZodType> {
  schema: (tier: Tier, onAws: boolean) => Schema;
  /** Services that must be enabled with this one; it installs after them and gets their handles. */
  requires: readonly Needs[];
  /** Services it installs after when they are enabled, and whose handles it gets if so. */
  uses: readonly string[];
  /** Services that may not run beside this one. */
  conflicts: readonly Needs[];
  /** The setting (under the service's key) that needs AWS through an IRSA role, if the config asks for it. */
  needsAws?(config: z.output<Schema>): string | undefined;
  /** Whether apps stacks see if it runs (platformForApps.services): the app rules ask. */
  forApps: boolean;
  /** Its chart's Helm install and the values Slipway keeps in it. */
  chart: ChartRails;
}

/** Keeps the schema's output type for `needsAws` and the literal service names for the registry's checks. */
export function defineService<Schema extends z.ZodType, const Spec extends Omit<ServiceSpec<Schema>, "schema">>(
  spec: { schema: (tier: Tier, onAws: boolean) => Schema } & Spec,
) {
  return spec;
}

/** Staging and prod run every controller that supports it with two replicas, so a drain never takes one down. */
export function tierReplicas(tier: Tier): number {
  return tier === "dev" ? 1 : 2;
}

export const SMALL: Requests = { cpu: "50m", memory: "64Mi" };
export const MEDIUM: Requests = { cpu: "100m", memory: "128Mi" };

export function requests(defaults: Requests) {
  return z
    .strictObject({ cpu: cpuQuantity.default(defaults.cpu), memory: memoryQuantity.default(defaults.memory) })
    .prefault({});
}

/**
 * Every service installs one chart (the router Traefik, Karpenter its controller chart) and takes
 * extra values for it (config/chart-values.ts), checked against its guard-rails.
 */
export function controller(enabled: boolean, defaults: ControllerDefaults) {
  return {
    enabled: bool.default(enabled),
    replicas: integer(1, 10).default(defaults.replicas),
    resources: requests(defaults.resources),
    values: chartValues,
  };
}

export function enumOf<T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `expected one of ${values.join(", ")}` });
}
