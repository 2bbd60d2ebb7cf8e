/**
 * What a platform stack exports for its apps stacks, and the one schema both sides hold to: the
 * platform layer writes the `platformForApps` output in this shape (with the cluster's kubeconfig as
 * its own secret output), an apps stack reads both through one StackReference and refuses any other
 * shape before it registers anything.
 */
import { z } from "zod";
import type { ConfigProblem } from "./errors";
import { TIERS } from "./tiers";
import { APPS_SERVICE_KEYS, type AppsServiceKey } from "./services";

/** The stack output holding everything but the kubeconfig (a secret inside it would hide the whole object). */
export const PLATFORM_FOR_APPS_OUTPUT = "platformForApps";
/** The existing secret output the single and platform layers both export. */
export const KUBECONFIG_OUTPUT = "kubeconfig";
/** Bumped when the shape changes incompatibly: an apps stack names the version it expected. */
export const CONTRACT_VERSION = 3;

const text = z.string().min(1);
const flag = z.boolean();

const appStackGrantSchema = z.object({
  namespaces: z.array(z.string()),
  /** Exact hostnames and DNS suffixes (`*.shop.example.com`): config/hostname-grants.ts. */
  hostnames: z.array(z.string()),
  /** Keys of `artifacts.buckets`. */
  buckets: z.array(z.string()),
  /** The managed policy every IAM role the stack creates carries as its permissions boundary. */
  permissionsBoundaryArn: text,
});

export type AppStackGrant = z.output<typeof appStackGrantSchema>;

/** Every registry setting but the mode and the server. */
const registryFields = {
  repositoryPrefix: text.optional(),
  keepTaggedImages: z.number().int(),
  untaggedExpiryDays: z.number().int(),
  scanOnPush: flag,
  encryption: z.enum(["kms", "aes256"]),
  protect: flag,
};

/**
 * A local registry names its server (config/registry.ts RegistryConfig); the others may not need one.
 * Two plain objects rather than one generic factory: TypeScript checked the generic's variance for
 * about 0.6 s of every type-check and lint run (`tsc --generateTrace`).
 */
const registrySchema = z.union([
  z.object({ mode: z.literal("local"), server: text, ...registryFields }),
  z.object({ mode: z.enum(["ecr", "off"]), server: text.optional(), ...registryFields }),
]);

const platformForAppsSchema = z.object({
  contract: z.literal(CONTRACT_VERSION),
  environment: z.enum(TIERS),
  wave: z.number().int().min(1),
  cluster: z.object({
    mode: z.enum(["eks", "existing"]),
    /** The EKS cluster's name, or the kubeconfig context ("" for the current one). */
    name: z.string(),
    endpoint: text.optional(),
    /** IRSA: the IAM OIDC provider and its issuer (host and path); EKS only. */
    oidc: z.object({ providerArn: text, issuer: text }).optional(),
    /** `linux/<arch>` when every node runs one architecture: an app build's default platform. */
    buildPlatform: z.enum(["linux/amd64", "linux/arm64"]).optional(),
  }),
  /** The platform's registry settings: an apps stack creates its own repositories with them. */
  registry: registrySchema,
  artifacts: z.object({
    buckets: z.record(z.string(), z.object({ name: text, arn: text })),
    kmsKeyArn: text.optional(),
  }),
  gateway: z.object({
    className: text,
    name: text,
    /** The router's namespace: its Gateways, and where app NetworkPolicies admit traffic from. */
    namespace: text,
    wildcards: z.array(text),
    shards: z.number().int().min(1),
    /** The ClusterIssuer of every certificate; absent when cert-manager is off. */
    certificateIssuer: text.optional(),
    /** The Route 53 zones cert-manager answers DNS-01 in and external-dns publishes to. */
    hostedZones: z.array(text),
  }),
  /** Whether each service apps stacks see runs (config/services: `forApps`). */
  services: z.object(
    Object.fromEntries(APPS_SERVICE_KEYS.map((key) => [key, flag])) as Record<AppsServiceKey, typeof flag>,
  ),
  prometheusUrl: text.optional(),
  /**
   * Whether the Argo Rollouts controller sends each Rollout's notifications with its own namespace's
   * config (`slipway:platform.rollouts.notifications`): apps stacks' `slipway:notifications` need it.
   * Written only when true, so a platform without it, or updated before it was published, reads as off.
   */
  rolloutNotifications: flag.optional(),
  /**
   * The exact references its admission admits for Slipway's checks (`image:tag@sha256:…`, or the tag
   * where its lookup failed): components/platform/check-images.ts. Contract 3 added it.
   */
  checkImages: z.object({ smoke: text, rolloutCheck: text }),
  /** Per apps stack, what it owns (`slipway:cluster.access.appStacks` of the platform): docs/tenancy.md. */
  appStacks: z.record(z.string(), appStackGrantSchema),
});

export type PlatformForApps = z.output<typeof platformForAppsSchema>;

export interface PlatformOutputs {
  forApps: PlatformForApps;
  /** Secret in state; set exactly for an EKS cluster (an existing cluster is a context of the local kubeconfig). */
  kubeconfig?: string;
}

const KEY = "slipway:platformStack";

/** The two outputs as the StackReference answered them, validated; problems name `slipway:platformStack`. */
export function parsePlatformOutputs(
  forApps: unknown,
  kubeconfig: unknown,
  platformStack: string,
): PlatformOutputs | ConfigProblem[] {
  if (forApps === undefined) {
    return [
      {
        key: KEY,
        message: `${platformStack} exports no ${PLATFORM_FOR_APPS_OUTPUT} output: expected a platform stack (slipway:layer: platform) that has been updated (pulumi up) with this version of Slipway`,
      },
    ];
  }
  const parsed = platformForAppsSchema.safeParse(forApps);
  if (!parsed.success) {
    const where = parsed.error.issues.map((issue) => issue.path.join(".") || "(the whole output)").slice(0, 5);
    return [
      {
        key: KEY,
        message: `${platformStack} exports ${PLATFORM_FOR_APPS_OUTPUT} in another shape than this Slipway reads (contract ${CONTRACT_VERSION}; unexpected at ${where.join(", ")}): update the platform stack first`,
      },
    ];
  }
  if (parsed.data.cluster.mode !== "eks") return { forApps: parsed.data };
  if (typeof kubeconfig !== "string") {
    return [{ key: KEY, message: `${platformStack} runs an EKS cluster but exports no ${KUBECONFIG_OUTPUT} output` }];
  }
  return { forApps: parsed.data, kubeconfig };
}

/**
 * What each apps stack owns, from the platform's parsed grants (config/cluster-access.ts
 * grantedAppStacks): namespaces, hostnames, buckets, each sorted so the output does not follow the
 * order of the stack file.
 */
export function appStackGrants(
  granted: Record<string, { namespaces: string[]; hostnames: string[]; buckets: string[] }>,
): Record<string, Omit<AppStackGrant, "permissionsBoundaryArn">> {
  return Object.fromEntries(
    Object.keys(granted)
      .sort()
      .map((stack) => {
        const { namespaces, hostnames, buckets } = granted[stack];
        return [
          stack,
          { namespaces: [...namespaces].sort(), hostnames: [...hostnames].sort(), buckets: [...buckets].sort() },
        ];
      }),
  );
}
