/**
 * `slipway:cluster.access`: who may use the EKS cluster, one access entry per IAM principal.
 * - `admins` / `viewers`: people and pipelines, cluster-wide.
 * - `appStacks.<stack>`: an apps stack's deploy role, limited to the namespaces listed for it, which
 *   this (platform) stack creates (components/eks/app-stacks.ts says why through Kubernetes RBAC),
 *   and what else the stack owns: its hostnames and DNS suffixes, and its artifact buckets. No two
 *   stacks share a namespace, a hostname or a bucket (docs/tenancy.md).
 * - `reviewStacks.<stack>`: the review grant of an apps stack's pull-request copies (config/review-grants.ts),
 *   which this stack turns into one more app stack grant, its review tenant's.
 * - `driftCheckers`: the role CI's drift check runs `pulumi preview --refresh` with: it reads every
 *   object, Secrets included, and changes none.
 */
import { z } from "zod";
import { iamPrincipalArn, iamRoleArn } from "./aws-primitives";
import { stackNameProblems } from "./k8s-limits";
import { bucketKey } from "./artifacts";
import { grantsOverlap } from "./hostname-grants";
import { dnsLabel, domainName } from "./primitives";
import {
  reviewedApps,
  reviewGrantIssues,
  reviewGrantSchema,
  reviewNamespaces,
  reviewTenant,
  type ReviewGrant,
} from "./review-grants";

/** Namespaces an app stack may never be given: Kubernetes' own, and the platform's (slipway-*). */
function reservedNamespace(name: string): boolean {
  return name === "default" || name.startsWith("kube-") || name.startsWith("slipway-");
}

const namespaceName = dnsLabel("a namespace name", 63).refine((name) => !reservedNamespace(name), {
  error: "expected a namespace of the app stack's own, not default, kube-* or a platform namespace (slipway-*)",
});

const appStackName = z.string().superRefine((name, ctx) => {
  for (const { message } of stackNameProblems(name)) ctx.addIssue({ code: "custom", message });
});

const appStackAccess = z.strictObject({
  /** The IAM role the apps stack's `pulumi up` runs with. */
  roleArn: iamRoleArn,
  /** The app stack's namespaces: its app names (each app is a namespace) and any other it owns. */
  namespaces: z
    .array(namespaceName, { error: "expected a list of namespace names" })
    .min(1, { error: "expected at least one namespace" }),
  /** The hostnames and DNS suffixes (`*.shop.example.com`) its apps may serve (config/hostname-grants.ts). */
  hostnames: z.array(domainName).default([]),
  /** The artifact buckets (keys of slipway:artifacts.buckets) its apps may be given access to. */
  buckets: z.array(bucketKey).default([]),
});

export type AppStackAccess = z.output<typeof appStackAccess>;

const LEVELS = ["admins", "viewers", "appStacks", "reviewStacks", "driftCheckers"] as const;

/** Every principal with the key it is listed under, in config order. */
function principals(access: ClusterAccess): Array<{ arn: string; path: PropertyKey[] }> {
  return LEVELS.flatMap((level): Array<{ arn: string; path: PropertyKey[] }> =>
    level === "appStacks" || level === "reviewStacks"
      ? Object.entries<{ roleArn: string }>(access[level]).map(([stack, entry]) => ({
          arn: entry.roleArn,
          path: [level, stack, "roleArn"],
        }))
      : access[level].map((arn, index) => ({ arn, path: [level, index] })),
  );
}

/** A review grant as the app stack grant of its review tenant: every slot's namespaces, `*.<domain>`, no buckets. */
function reviewAsAppStack(source: string, grant: ReviewGrant, appStacks: Record<string, AppStackAccess>) {
  return {
    roleArn: grant.roleArn,
    namespaces: reviewNamespaces(grant, reviewedApps(grant, appStacks, source)),
    hostnames: [`*.${grant.domain}`],
    buckets: [],
  } satisfies AppStackAccess;
}

/**
 * Every app stack grant the platform makes: the apps stacks' own and one per review grant (its review
 * tenant's). Access entries, namespaces, listeners, boundaries and outputs are all made from this.
 */
export function grantedAppStacks(access: Pick<ClusterAccess, "appStacks" | "reviewStacks">) {
  const review = Object.keys(access.reviewStacks)
    .sort()
    .map((source) => [reviewTenant(source), reviewAsAppStack(source, access.reviewStacks[source], access.appStacks)]);
  return { ...access.appStacks, ...Object.fromEntries(review) } as Record<string, AppStackAccess>;
}

/** Where a granted name is configured: a review tenant's come from its review grant's prefix or domain. */
function grantPath(access: ClusterAccess, stack: string, field: "namespaces" | "hostnames" | "buckets", index: number) {
  const source = Object.keys(access.reviewStacks).find((name) => reviewTenant(name) === stack);
  if (Object.hasOwn(access.appStacks, stack) || source === undefined) return ["appStacks", stack, field, index];
  return ["reviewStacks", source, field === "namespaces" ? "namespacePrefix" : "domain"];
}

const keyOf = (path: PropertyKey[]) =>
  `slipway:cluster.access${path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("")}`;

export const accessSchema = z
  .strictObject({
    admins: z.array(iamPrincipalArn).default([]),
    viewers: z.array(iamPrincipalArn).default([]),
    appStacks: z.record(appStackName, appStackAccess).default({}),
    reviewStacks: z.record(appStackName, reviewGrantSchema).default({}),
    driftCheckers: z.array(iamPrincipalArn).default([]),
  })
  .superRefine((access, ctx) => {
    // EKS holds one access entry per principal (AWS EKS User Guide, "Create access entries"): a second
    // listing would fail mid-update, and two grants to one role would be unclear anyway.
    const firstListing = new Map<string, PropertyKey[]>();
    for (const { arn, path } of principals(access)) {
      const first = firstListing.get(arn);
      if (first) ctx.addIssue({ code: "custom", path, message: `${arn} is already listed at ${keyOf(first)}` });
      else firstListing.set(arn, path);
    }
    const reviewIssues = reviewGrantIssues(access.reviewStacks, access.appStacks);
    reviewIssues.forEach((issue) => ctx.addIssue({ code: "custom", ...issue }));
    if (reviewIssues.length > 0) return;
    const granted = grantedAppStacks(access);
    // A namespace shared by two app stacks would let each one's deploy role change the other's apps.
    const grantedTo = new Map<string, string>();
    for (const [stack, entry] of Object.entries(granted)) {
      entry.namespaces.forEach((namespace, index) => {
        const owner = grantedTo.get(namespace);
        if (owner !== undefined) {
          const where = owner === stack ? "already in this list" : `already granted to the app stack "${owner}"`;
          const path = grantPath(access, stack, "namespaces", index);
          const message = path[0] === "appStacks" ? where : `makes the namespace ${namespace}, ${where}`;
          ctx.addIssue({ code: "custom", path, message });
        } else grantedTo.set(namespace, stack);
      });
    }
    ownershipIssues(granted).forEach(({ stack, field, index, message }) =>
      ctx.addIssue({ code: "custom", path: grantPath(access, stack, field, index), message }),
    );
  });

/** A hostname or bucket granted twice (or a wildcard over another grant): each stack must own its names alone. */
interface OwnershipIssue {
  stack: string;
  field: "hostnames" | "buckets";
  index: number;
  message: string;
}

function ownershipIssues(appStacks: Record<string, AppStackAccess>): OwnershipIssue[] {
  const issues: OwnershipIssue[] = [];
  const hostnames: Array<{ stack: string; grant: string }> = [];
  const buckets = new Map<string, string>();
  for (const [stack, entry] of Object.entries(appStacks)) {
    entry.hostnames.forEach((grant, index) => {
      const earlier = hostnames.find((other) => grantsOverlap(other.grant, grant));
      if (earlier) {
        const whose = earlier.stack === stack ? "this stack's" : `the app stack "${earlier.stack}"'s`;
        issues.push({
          stack,
          field: "hostnames",
          index,
          message: `${grant} overlaps ${whose} grant ${earlier.grant}: a hostname has one owner (a wildcard covers every name under it)`,
        });
      } else hostnames.push({ stack, grant });
    });
    entry.buckets.forEach((bucket, index) => {
      const owner = buckets.get(bucket);
      if (owner !== undefined) {
        const where = owner === stack ? "already in this list" : `already granted to the app stack "${owner}"`;
        issues.push({ stack, field: "buckets", index, message: where });
      } else buckets.set(bucket, stack);
    });
  }
  return issues;
}

export type ClusterAccess = z.output<typeof accessSchema>;
