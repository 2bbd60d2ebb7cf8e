/**
 * `slipway:platform`: the shared Gateway, the hosted zones, and the shared services apps attach to.
 * Every service is one typed section under its key (config/services/<key>.ts) that can be switched on
 * or off; its settings are merged over the tier's defaults there.
 */
import { z } from "zod";
import { admissionSchema } from "./admission";
import { dnsLabel, domainName, integer } from "./primitives";
import type { Tier } from "./tiers";
import { MAX_SHARDS } from "./gateway-shards";
import { record } from "./raw";
import { PLATFORM_SERVICES, SERVICE_KEYS, type ServiceKey } from "./services";

const wildcardDomain = domainName.refine((d) => d.startsWith("*."), {
  error: "expected a wildcard domain such as *.apps.example.com",
});

const gatewaySchema = z.strictObject({
  name: dnsLabel("a Gateway name", 63).default("slipway"),
  /** The router's data plane runs here too, so app NetworkPolicies admit traffic from it. */
  namespace: dnsLabel("a namespace name", 63).default("slipway-router"),
  /**
   * Wildcard domains the Gateway serves with one listener and certificate each: an app domain one
   * label under one needs no listener of its own, so hundreds of apps fit the Gateway's 64 listeners.
   */
  wildcards: z.array(wildcardDomain).default([]),
  /**
   * How many Gateways share the listeners (config/gateway-shards.ts): shard 0 is `name`, shard n
   * `<name>-<n>`. Changing it is the only thing that moves a listener to another Gateway.
   */
  shards: integer(1, MAX_SHARDS).default(1),
});

const hostedZone = z.strictObject({
  domain: domainName.refine((d) => !d.startsWith("*."), {
    error: "expected a zone's domain such as example.com (no wildcard)",
  }),
  zoneId: z
    .string()
    .regex(/^Z[0-9A-Z]{1,31}$/, { error: "expected a Route 53 hosted zone ID such as Z0123456789ABCDEFGHIJ" }),
});

/** Whether the stack builds an EKS cluster: services that need AWS are on by default only there. */
export function buildsEks(raw: Record<string, unknown>): boolean {
  return record(raw.cluster).mode === "eks";
}

type ServiceSchemas = { [K in ServiceKey]: ReturnType<(typeof PLATFORM_SERVICES)[K]["schema"]> };

function serviceSchemas(tier: Tier, onAws: boolean): ServiceSchemas {
  return Object.fromEntries(
    SERVICE_KEYS.map((key) => [key, PLATFORM_SERVICES[key].schema(tier, onAws)]),
  ) as ServiceSchemas;
}

/** Built once per tier and AWS mode in a process (as the stack schema, config/stack.ts). */
const platformSchemas = new Map<string, ReturnType<typeof buildPlatformSchema>>();

export function platformSchema(tier: Tier, onAws = true) {
  const key = `${tier} ${onAws}`;
  let schema = platformSchemas.get(key);
  if (!schema) platformSchemas.set(key, (schema = buildPlatformSchema(tier, onAws)));
  return schema;
}

function buildPlatformSchema(tier: Tier, onAws: boolean) {
  return z.strictObject({
    gateway: gatewaySchema.prefault({}),
    /** Route 53 zones Slipway manages records and DNS-01 challenges in. */
    hostedZones: z.array(hostedZone).default([]),
    /** What the cluster admits in tenant namespaces (config/admission.ts). */
    admission: admissionSchema.prefault({}),
    ...serviceSchemas(tier, onAws),
  });
}

export type PlatformConfig = z.output<ReturnType<typeof platformSchema>>;
