/**
 * `slipway:cluster.access.reviewStacks.<source apps stack>`: the platform's review grant, the same
 * kind of grant as an apps stack's (an access entry, namespaces, hostnames), for the short-lived
 * review stacks made of that apps stack's pull requests.
 *
 * Namespaces are cluster-scoped and RBAC cannot limit `create` by name, so a review stack cannot be
 * allowed to make its own namespaces without letting it make any. The platform therefore creates a
 * fixed pool instead: `slots` review stacks at once, each slot one namespace per reviewable app
 * (`<namespacePrefix><slot>-<app>`), with the tenant labels, a ResourceQuota and a LimitRange. A
 * pull request's review stack takes a free slot; its hostnames carry the PR number.
 */
import { z } from "zod";
import { appName } from "./app";
import { iamRoleArn } from "./aws-primitives";
import { stackNameProblems } from "./k8s-limits";
import { cpuQuantity, dnsLabel, domainName, integer, memoryQuantity } from "./primitives";

const namespacePrefix = z
  .string({ error: "expected a namespace prefix such as rv-shop- (lowercase letters, digits and '-')" })
  .regex(/^[a-z][-a-z0-9]*-$/, {
    error: "expected a namespace prefix such as rv-shop-: lowercase letters, digits and '-', ending with '-'",
  });

export const reviewGrantSchema = z.strictObject({
  /** The IAM role the review deploy and destroy jobs assume (GitHub environment `review-<stack>`). */
  roleArn: iamRoleArn,
  /** The apps that may get review copies; by default the namespaces granted to the source apps stack. */
  apps: z.array(appName).min(1, { error: "expected at least one app" }).optional(),
  /** Each slot's namespaces are `<namespacePrefix><slot>-<app>`. */
  namespacePrefix,
  /** Review hostnames are `<app>-pr-<n>.<domain>`; the grant owns `*.<domain>`. */
  domain: domainName.refine((domain) => !domain.startsWith("*."), { error: "expected a domain, not a wildcard" }),
  /** How many review stacks of this apps stack may run at once: the platform creates every slot's namespaces. */
  slots: integer(1, 20).default(2),
  /** Hours after its last update that the scheduled sweep removes a review stack. */
  ttlHours: integer(1, 720).default(72),
  /** What each review namespace may use in total (its ResourceQuota). */
  quota: z
    .strictObject({
      cpu: cpuQuantity.default("1"),
      memory: memoryQuantity.default("1Gi"),
      pods: integer(1, 100).default(6),
    })
    .prefault({}),
});

export type ReviewGrant = z.output<typeof reviewGrantSchema>;

/** The tenant (access entry group, namespace labels, listener owner) of an apps stack's review stacks. */
export function reviewTenant(source: string): string {
  return `${source}-review`;
}

/** The namespace a review slot's copy of an app runs in: it is also that copy's app name. */
export function reviewNamespace(grant: Pick<ReviewGrant, "namespacePrefix">, slot: number, app: string): string {
  return `${grant.namespacePrefix}${slot}-${app}`;
}

/** The hostname a pull request's copy of an app is served at. */
export function reviewHostname(app: string, pr: number, domain: string): string {
  return `${app}-pr-${pr}.${domain}`;
}

/** The apps a grant reviews: its own list, else the source apps stack's granted namespaces. */
export function reviewedApps(grant: ReviewGrant, appStacks: Record<string, { namespaces: string[] }>, source: string) {
  return grant.apps ?? (Object.hasOwn(appStacks, source) ? appStacks[source].namespaces : []);
}

/** The longest review namespace that is still an app name: appName's limit (config/app.ts). */
const APP_NAME_MAX = 30;
const validAppName = dnsLabel("an app name", APP_NAME_MAX);

/**
 * Problems of the review grants that need the rest of `slipway:cluster.access`: the source stack's
 * namespaces when no apps are listed, and every derived name (tenant, namespaces) being valid.
 * Paths are relative to `slipway:cluster.access`.
 */
export function reviewGrantIssues(
  reviewStacks: Record<string, ReviewGrant>,
  appStacks: Record<string, { namespaces: string[] }>,
): Array<{ path: PropertyKey[]; message: string }> {
  const issues: Array<{ path: PropertyKey[]; message: string }> = [];
  for (const source of Object.keys(reviewStacks).sort()) {
    const grant = reviewStacks[source];
    const tenant = reviewTenant(source);
    for (const { message } of stackNameProblems(tenant))
      issues.push({ path: ["reviewStacks", source], message: `makes the review tenant ${tenant}, ${message}` });
    if (Object.hasOwn(appStacks, tenant))
      issues.push({ path: ["reviewStacks", source], message: `its review tenant ${tenant} is already an app stack` });
    const apps = reviewedApps(grant, appStacks, source);
    if (apps.length === 0)
      issues.push({
        path: ["reviewStacks", source, "apps"],
        message: `expected the apps to review: ${source} is granted no namespaces on this platform (slipway:cluster.access.appStacks.${source})`,
      });
    const longest = [...apps].sort((a, b) => b.length - a.length || a.localeCompare(b))[0];
    if (longest !== undefined && !validAppName.safeParse(reviewNamespace(grant, grant.slots, longest)).success)
      issues.push({
        path: ["reviewStacks", source, "namespacePrefix"],
        message: `makes the namespace ${reviewNamespace(grant, grant.slots, longest)}, longer than an app name may be (${APP_NAME_MAX}): shorten the prefix`,
      });
  }
  return issues;
}

/** Every review namespace of a grant, slot by slot. */
export function reviewNamespaces(grant: ReviewGrant, apps: readonly string[]): string[] {
  return Array.from({ length: grant.slots }, (_, index) => index + 1).flatMap((slot) =>
    [...apps].sort().map((app) => reviewNamespace(grant, slot, app)),
  );
}
