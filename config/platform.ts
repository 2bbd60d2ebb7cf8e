/**
 * `slipway:platform`: the shared services apps attach to. Every service is one typed section that
 * can be switched on or off; its settings are merged over the tier's defaults (platform-defaults.ts).
 */
import { z } from "zod";
import { KARPENTER_AMI_ALIAS, PLATFORM_DEFAULTS, type ControllerDefaults, type Requests } from "./platform-defaults";
import { bool, cpuQuantity, dnsLabel, domainName, integer, memoryQuantity } from "./primitives";
import type { Tier } from "./tiers";
import { MAX_SHARDS } from "./gateway-shards";
import { record } from "./raw";
import { chartValues } from "./chart-values";

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

function requests(defaults: Requests) {
  return z
    .strictObject({ cpu: cpuQuantity.default(defaults.cpu), memory: memoryQuantity.default(defaults.memory) })
    .prefault({});
}

/**
 * Every service installs one chart (the router Traefik, Karpenter its controller chart) and takes
 * extra values for it (config/chart-values.ts), checked against config/chart-guard-rails.ts.
 */
function controller(enabled: boolean, defaults: ControllerDefaults) {
  return {
    enabled: bool.default(enabled),
    replicas: integer(1, 10).default(defaults.replicas),
    resources: requests(defaults.resources),
    values: chartValues,
  };
}

function enumOf<T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `expected one of ${values.join(", ")}` });
}

const hostedZone = z.strictObject({
  domain: domainName.refine((d) => !d.startsWith("*."), {
    error: "expected a zone's domain such as example.com (no wildcard)",
  }),
  zoneId: z
    .string()
    .regex(/^Z[0-9A-Z]{1,31}$/, { error: "expected a Route 53 hosted zone ID such as Z0123456789ABCDEFGHIJ" }),
});

/** Go-style durations as Karpenter and Argo accept them, e.g. 30s, 5m, 720h. */
const duration = z.string().regex(/^\d+(s|m|h)$/, { error: "expected a duration such as 30s, 5m or 720h" });
const prometheusRetention = z
  .string()
  .regex(/^\d+(h|d|w|y)$/, { error: "expected a Prometheus retention such as 12h, 15d or 4w" });
/** The values CloudWatch Logs accepts for a log group's retention. */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];
const logRetentionDays = z.number().refine((n) => LOG_RETENTION_DAYS.includes(n), {
  error: `expected a CloudWatch retention in days: one of ${LOG_RETENTION_DAYS.join(", ")}`,
});

/**
 * Karpenter's `family@version` aliases for the Linux families it supports (aws/karpenter-provider-aws
 * v1.8.1, pkg/apis/v1/ec2nodeclass.go AMISelectorTerm.Alias: at most 30 characters; Amazon Linux
 * versions are the EKS AMI release tags such as v20260714, Bottlerocket's its own semver).
 */
const amiAlias = z
  .string()
  .max(30, { error: "expected at most 30 characters (Karpenter's limit)" })
  .regex(/^((al2023|al2)@(latest|v\d{8})|bottlerocket@(latest|v\d+\.\d+\.\d+))$/, {
    error: "expected an AMI alias such as al2023@v20260714, bottlerocket@v1.10.0 or, outside prod, al2023@latest",
  });

const ISSUERS = ["letsencrypt", "letsencrypt-staging", "self-signed"] as const;

/** Whether the stack builds an EKS cluster: services that need AWS are on by default only there. */
export function buildsEks(raw: Record<string, unknown>): boolean {
  return record(raw.cluster).mode === "eks";
}

export function platformSchema(tier: Tier, onAws = true) {
  const d = PLATFORM_DEFAULTS[tier];
  return z.strictObject({
    gateway: gatewaySchema.prefault({}),
    /** Route 53 zones Slipway manages records and DNS-01 challenges in. */
    hostedZones: z.array(hostedZone).default([]),
    router: z
      .strictObject({
        ...controller(true, d.router),
        /** `nlb`: a LoadBalancer Service fronted by an AWS NLB; `nodePort`: fixed node ports for a local cluster. */
        exposure: enumOf(["nlb", "nodePort"]).default(onAws ? "nlb" : "nodePort"),
        scheme: enumOf(["internet-facing", "internal"]).default("internet-facing"),
        nodePorts: z
          .strictObject({ http: integer(30000, 32767).default(30080), https: integer(30000, 32767).default(30443) })
          .prefault({}),
      })
      .prefault({}),
    certManager: z
      .strictObject({
        ...controller(true, d.certManager),
        /** Which ClusterIssuer signs the Gateway's certificates. */
        issuer: enumOf(ISSUERS).default(d.certManager.issuer),
        email: z.email({ error: "expected an email address for the ACME account" }).optional(),
      })
      .prefault({}),
    externalDns: z
      .strictObject({
        enabled: bool.default(false),
        /** `sync` also deletes records it owns that no route asks for; `upsert-only` never deletes. */
        policy: enumOf(["sync", "upsert-only"]).default("sync"),
        resources: requests(d.externalDns.resources),
        values: chartValues,
      })
      .prefault({}),
    metricsServer: z
      .strictObject({
        ...controller(true, d.metricsServer),
        /** Only for local clusters whose kubelets serve self-signed certificates (kind). */
        kubeletInsecureTls: bool.default(false),
      })
      .prefault({}),
    monitoring: z
      .strictObject({
        enabled: bool.default(true),
        prometheusReplicas: integer(1, 5).default(d.monitoring.prometheusReplicas),
        alertmanagerReplicas: integer(1, 5).default(d.monitoring.alertmanagerReplicas),
        retention: prometheusRetention.default(d.monitoring.retention),
        storage: z
          .strictObject({
            size: memoryQuantity.default(d.monitoring.storageSize),
            storageClass: dnsLabel("a StorageClass name", 63).optional(),
          })
          .prefault({}),
        resources: requests(d.monitoring.resources),
        grafana: z.strictObject({ enabled: bool.default(true) }).prefault({}),
        values: chartValues,
      })
      .prefault({}),
    logging: z
      .strictObject({
        enabled: bool.default(true),
        /** `cloudwatch` on EKS; `forward` (Fluent protocol) or `stdout` for a local cluster. */
        destination: enumOf(["cloudwatch", "forward", "stdout"]).default(onAws ? "cloudwatch" : "stdout"),
        retentionDays: logRetentionDays.default(d.logging.retentionDays),
        forward: z
          .strictObject({
            host: z.string().min(1, { error: "expected a host name" }),
            port: integer(1, 65535).default(24224),
          })
          .optional(),
        resources: requests(d.logging.resources),
        values: chartValues,
      })
      .superRefine((l, ctx) => {
        if (l.enabled && l.destination === "forward" && !l.forward) {
          ctx.addIssue({
            code: "custom",
            path: ["forward"],
            message: "expected { host, port } (required when destination is forward)",
          });
        }
      })
      .prefault({}),
    rollouts: z.strictObject(controller(true, d.rollouts)).prefault({}),
    karpenter: z
      .strictObject({
        ...controller(onAws, d.karpenter),
        /**
         * The EC2NodeClass AMI alias, pinned by default. `@latest` floats (Karpenter replaces every
         * node whenever AWS publishes an AMI): a stack outside prod may ask for it, prod may not.
         */
        amiAlias: amiAlias.default(KARPENTER_AMI_ALIAS),
        nodePool: z
          .strictObject({
            architectures: z
              .array(enumOf(["amd64", "arm64"]))
              .min(1)
              .default(["amd64"]),
            capacityTypes: z
              .array(enumOf(["on-demand", "spot"]))
              .min(1)
              .default(["on-demand"]),
            instanceCategories: z
              .array(z.string().regex(/^[a-z]$/, { error: "expected an instance category letter such as c, m or r" }))
              .min(1)
              .default(["c", "m", "r"]),
            cpuLimit: integer(1).default(1000),
            consolidateAfter: duration.default("1m"),
            expireAfter: duration.default("720h"),
          })
          .prefault({}),
      })
      .superRefine((k, ctx) => {
        if (tier === "prod" && k.amiAlias.endsWith("@latest"))
          ctx.addIssue({
            code: "custom",
            path: ["amiAlias"],
            message: `@latest floats and is refused in prod: pin an EKS AMI release such as ${KARPENTER_AMI_ALIAS} (https://github.com/awslabs/amazon-eks-ami/releases), the one dev runs`,
          });
      })
      .prefault({}),
    clusterAutoscaler: z.strictObject(controller(false, d.clusterAutoscaler)).prefault({}),
    externalSecrets: z
      .strictObject({
        ...controller(false, d.externalSecrets),
        /** Apps may read Secrets Manager secrets whose names start with this prefix, and no others. */
        secretPrefix: z
          .string()
          .regex(/^[\w/+=.@-]+\/$/, { error: "expected a secret name prefix ending in /, such as slipway/prod/" })
          .default("slipway/"),
      })
      .prefault({}),
    loadBalancerController: z.strictObject(controller(onAws, d.loadBalancerController)).prefault({}),
  });
}

export type PlatformConfig = z.output<ReturnType<typeof platformSchema>>;
