/**
 * `slipway:cluster`: where Kubernetes runs. `eks` builds a hardened EKS cluster with its network;
 * `existing` uses a context of the kubeconfig ($KUBECONFIG or ~/.kube/config): kind, minikube, Docker
 * Desktop, or a cluster run elsewhere; it creates no AWS resources at all. Without the key, the
 * kubeconfig's current context is used.
 */
import { z } from "zod";
import { EKS_AMI_RELEASE, nodeGroupReleaseVersion } from "./eks-ami";
import { cidrBlock, logRetentionDays } from "./aws-primitives";
import { accessSchema } from "./cluster-access";
import { addressCount, MAX_ENDPOINT_ADDRESSES, parseCidr } from "./cidr";
import { networkSchema } from "./network";
import { DEFAULT_NODE_GROUPS, nodeGroupName, nodeGroupSchema } from "./node-group";
import { bool } from "./primitives";
import type { Tier } from "./tiers";

const kubernetesVersion = z
  .string({ error: 'expected a Kubernetes minor version as a string, such as "1.33" (quote it in YAML)' })
  .regex(/^1\.\d{2}$/, { error: 'expected a Kubernetes minor version such as "1.33"' });

const addonVersion = z
  .string({ error: "expected an EKS add-on version such as v1.19.6-eksbuild.7 (see aws eks describe-addon-versions)" })
  .regex(/^v\d+\.\d+\.\d+-eksbuild\.\d+$/, {
    error: "expected an EKS add-on version such as v1.19.6-eksbuild.7 (see aws eks describe-addon-versions)",
  });

/** Every managed add-on Slipway installs, each pinned so that an upgrade is a reviewed config change. */
const ADDONS = ["vpc-cni", "kube-proxy", "eks-pod-identity-agent", "coredns", "aws-ebs-csi-driver"] as const;
export type AddonName = (typeof ADDONS)[number];
const addonsSchema = z.strictObject(
  Object.fromEntries(ADDONS.map((name) => [name, addonVersion])) as Record<AddonName, typeof addonVersion>,
  {
    error: `expected the pinned versions of the add-ons ${ADDONS.join(", ")}`,
  },
);

const LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;
const REQUIRED_LOG_TYPES = ["api", "audit", "authenticator"];

const clusterName = z.string({ error: "expected a cluster name" }).regex(/^[a-zA-Z][a-zA-Z0-9-]{0,39}$/, {
  error: "expected a cluster name: a letter, then letters, digits and '-', at most 40 characters",
});

/** A key that belongs to the other mode: named in the error instead of reported as unknown. */
function onlyFor(mode: string) {
  return z.never({ error: `applies only when mode is ${mode}` }).optional();
}

const existingSchema = z.strictObject({
  mode: z.literal("existing"),
  /** The kubeconfig context to deploy to, e.g. kind-slipway; the current context when omitted. */
  context: z.string({ error: "expected a kubeconfig context name such as kind-slipway" }).min(1).optional(),
  name: onlyFor("eks"),
  /** The cluster's Kubernetes minor, when known: it pins the Pod Security Standards version namespaces enforce. */
  version: kubernetesVersion.optional(),
  network: onlyFor("eks"),
  endpoint: onlyFor("eks"),
  logTypes: onlyFor("eks"),
  logRetentionDays: onlyFor("eks"),
  access: onlyFor("eks"),
  nodeGroups: onlyFor("eks"),
  addons: onlyFor("eks"),
  upgradeSupport: onlyFor("eks"),
  protect: onlyFor("eks"),
});

function eksSchema(tier: Tier) {
  const prod = tier === "prod";
  const network = networkSchema(tier);
  return z
    .strictObject({
      mode: z.literal("eks"),
      /** Defaults to slipway-<stack>; it also names the subnets' Karpenter discovery tag. */
      name: clusterName.optional(),
      version: kubernetesVersion,
      network: network.default(() => network.parse({})),
      /** The private endpoint is always on; the public one only for these CIDRs (off when empty). */
      endpoint: z
        .strictObject({ publicAccessCidrs: z.array(cidrBlock).default([]) })
        .default({ publicAccessCidrs: [] }),
      logTypes: z
        .array(z.enum(LOG_TYPES, { error: `expected one of ${LOG_TYPES.join(", ")}` }))
        .default([...REQUIRED_LOG_TYPES] as Array<(typeof LOG_TYPES)[number]>)
        .refine((types) => REQUIRED_LOG_TYPES.every((t) => types.includes(t as never)), {
          error: `expected at least ${REQUIRED_LOG_TYPES.join(", ")}`,
        }),
      logRetentionDays: logRetentionDays.default(prod ? 365 : 30),
      /** IAM principals given access entries (authentication mode API, no aws-auth ConfigMap). */
      access: accessSchema.prefault({}),
      nodeGroups: z
        .record(nodeGroupName, nodeGroupSchema)
        .default(
          Object.fromEntries(
            Object.entries(DEFAULT_NODE_GROUPS[tier]).map(([name, group]) => [name, nodeGroupSchema.parse(group)]),
          ),
        )
        .refine((groups) => Object.keys(groups).length > 0, { error: "expected at least one node group" }),
      addons: addonsSchema,
      /** `extended` keeps an old version running past standard support, at extra cost. */
      upgradeSupport: z.enum(["standard", "extended"], { error: "expected standard or extended" }).default("standard"),
      /** Deletion protection on the cluster and `protect` on it and its KMS key. */
      protect: bool.default(prod),
      context: onlyFor("existing"),
    })
    .superRefine((cluster, ctx) => {
      // An invalid slipway:cluster.version is reported on its own; the groups' releases follow it.
      const versionValid = kubernetesVersion.safeParse(cluster.version).success;
      for (const [group, { releaseVersion }] of Object.entries(versionValid ? cluster.nodeGroups : {})) {
        const path = ["nodeGroups", group, "releaseVersion"];
        if (releaseVersion !== undefined && !releaseVersion.startsWith(`${cluster.version}.`))
          ctx.addIssue({
            code: "custom",
            path,
            message: `expected a release for Kubernetes ${cluster.version} (slipway:cluster.version), got ${releaseVersion}`,
          });
        if (nodeGroupReleaseVersion(releaseVersion, cluster.version) === undefined)
          ctx.addIssue({
            code: "custom",
            path,
            message: `expected a pinned EKS AMI release: Slipway has reviewed none for Kubernetes ${cluster.version}; set one from https://github.com/awslabs/amazon-eks-ami/releases, such as ${cluster.version}.0-${EKS_AMI_RELEASE.slice(1)}`,
          });
      }
      const addresses = addressCount(cluster.endpoint.publicAccessCidrs.flatMap((cidr) => parseCidr(cidr) ?? []));
      if (prod && addresses > MAX_ENDPOINT_ADDRESSES) {
        ctx.addIssue({
          code: "custom",
          path: ["endpoint", "publicAccessCidrs"],
          message: `expected specific CIDRs in prod: these cover ${addresses} addresses, more than a /16 (${MAX_ENDPOINT_ADDRESSES}); the API server must not be open to the internet`,
        });
      }
      // A review stack takes its platform's tier (config/review-stack.ts), and its copies are built to be
      // thrown away: one replica, repositories deleted with their images. The prod policies refuse
      // both (policy/policies/production.ts), so a prod grant could never deploy a copy; and pull
      // requests' unreviewed code does not belong on the production cluster.
      const reviewed = Object.keys(cluster.access.reviewStacks);
      if (prod && reviewed.length > 0) {
        ctx.addIssue({
          code: "custom",
          path: ["access", "reviewStacks"],
          message: `expected no review grants in prod (got ${reviewed.join(", ")}): review copies run one replica with repositories deleted on destroy, which prod-high-availability and prod-stateful-protected refuse; grant review stacks on a staging platform (docs/review-apps.md)`,
        });
      }
    });
}

export function clusterSchema(tier: Tier) {
  return z
    .discriminatedUnion("mode", [existingSchema, eksSchema(tier)], {
      error: "expected mode: eks (Slipway builds an EKS cluster) or existing (a kubeconfig context)",
    })
    .default({ mode: "existing" });
}

export type ClusterConfig = z.output<ReturnType<typeof clusterSchema>>;
export type EksClusterConfig = Extract<ClusterConfig, { mode: "eks" }>;

/**
 * The Pod Security Standards version a namespace pins (`pod-security.kubernetes.io/<mode>-version`): the
 * cluster's own minor, so an upgrade of the cluster is also the reviewed change that moves the standard
 * (kubernetes/website content/en/docs/concepts/security/pod-security-admission.md: without a pinned
 * version, `latest` follows the API server). `latest` only where the version of a kubeconfig cluster
 * is not configured.
 */
export function podSecurityVersion(cluster: { version?: string }): string {
  return cluster.version ? `v${cluster.version}` : "latest";
}
