/**
 * `slipway:cluster.access`: who may use the EKS cluster, one access entry per IAM principal.
 * - `admins` / `viewers`: people and pipelines, cluster-wide.
 * - `appStacks.<stack>`: an apps stack's deploy role, limited to the namespaces listed for it, which
 *   this (platform) stack creates (components/eks/app-stacks.ts says why through Kubernetes RBAC),
 *   and what else the stack owns: its hostnames and DNS suffixes, and its artifact buckets. No two
 *   stacks share a namespace, a hostname or a bucket (docs/tenancy.md).
 * - `driftCheckers`: the role CI's drift check runs `pulumi preview --refresh` with: it reads every
 *   object, Secrets included, and changes none.
 */
import { z } from "zod";
import { iamPrincipalArn, iamRoleArn } from "./aws-primitives";
import { stackNameProblems } from "./k8s-limits";
import { bucketKey } from "./artifacts";
import { grantsOverlap } from "./hostname-grants";
import { dnsLabel, domainName } from "./primitives";

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

const LEVELS = ["admins", "viewers", "appStacks", "driftCheckers"] as const;

/** Every principal with the key it is listed under, in config order. */
function principals(access: ClusterAccess): Array<{ arn: string; path: PropertyKey[] }> {
  return LEVELS.flatMap((level): Array<{ arn: string; path: PropertyKey[] }> =>
    level === "appStacks"
      ? Object.entries(access.appStacks).map(([stack, entry]) => ({
          arn: entry.roleArn,
          path: [level, stack, "roleArn"],
        }))
      : access[level].map((arn, index) => ({ arn, path: [level, index] })),
  );
}

const keyOf = (path: PropertyKey[]) =>
  `slipway:cluster.access${path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("")}`;

export const accessSchema = z
  .strictObject({
    admins: z.array(iamPrincipalArn).default([]),
    viewers: z.array(iamPrincipalArn).default([]),
    appStacks: z.record(appStackName, appStackAccess).default({}),
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
    // A namespace shared by two app stacks would let each one's deploy role change the other's apps.
    const grantedTo = new Map<string, string>();
    for (const [stack, entry] of Object.entries(access.appStacks)) {
      entry.namespaces.forEach((namespace, index) => {
        const owner = grantedTo.get(namespace);
        if (owner !== undefined) {
          const where = owner === stack ? "already in this list" : `already granted to the app stack "${owner}"`;
          ctx.addIssue({ code: "custom", path: ["appStacks", stack, "namespaces", index], message: where });
        } else grantedTo.set(namespace, stack);
      });
    }
    ownershipIssues(access.appStacks).forEach((issue) => ctx.addIssue({ code: "custom", ...issue }));
  });

/** A hostname or bucket granted twice (or a wildcard over another grant): each stack must own its names alone. */
function ownershipIssues(appStacks: Record<string, AppStackAccess>): Array<{ path: PropertyKey[]; message: string }> {
  const issues: Array<{ path: PropertyKey[]; message: string }> = [];
  const hostnames: Array<{ stack: string; grant: string }> = [];
  const buckets = new Map<string, string>();
  for (const [stack, entry] of Object.entries(appStacks)) {
    entry.hostnames.forEach((grant, index) => {
      const earlier = hostnames.find((other) => grantsOverlap(other.grant, grant));
      if (earlier) {
        const whose = earlier.stack === stack ? "this stack's" : `the app stack "${earlier.stack}"'s`;
        issues.push({
          path: ["appStacks", stack, "hostnames", index],
          message: `${grant} overlaps ${whose} grant ${earlier.grant}: a hostname has one owner (a wildcard covers every name under it)`,
        });
      } else hostnames.push({ stack, grant });
    });
    entry.buckets.forEach((bucket, index) => {
      const owner = buckets.get(bucket);
      if (owner !== undefined) {
        const where = owner === stack ? "already in this list" : `already granted to the app stack "${owner}"`;
        issues.push({ path: ["appStacks", stack, "buckets", index], message: where });
      } else buckets.set(bucket, stack);
    });
  }
  return issues;
}

export type ClusterAccess = z.output<typeof accessSchema>;
