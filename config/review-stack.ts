/**
 * The review stack a pull request gets, derived in code from the source apps stack's file and the
 * review grant of the platform that runs it (config/review-grants.ts): one pure function, which
 * `npm run render -- --review` calls; the CI workflow that deploys review stacks (not written yet) is
 * meant to call it too, so what a reviewer sees offline is what CI deploys.
 *
 * The review stack is an ordinary apps stack on that platform, marked `slipway:review`, holding copies
 * of the changed apps and of the apps they declare they call (`network.dependsOn`), each renamed to its
 * slot's namespace and served at `<app>-pr-<n>.<review domain>`: one replica, small resources, restricted
 * egress, no AWS access or IAM role of the original, and none of the source stack's secrets: each secret takes the
 * review value its app declares (config/review-secrets.ts).
 */
import { z } from "zod";
import { appName } from "./app";
import type { ConfigProblem } from "./errors";
import { stackNameProblems } from "./k8s-limits";
import { integer } from "./primitives";
import { record } from "./raw";
import {
  reviewedApps,
  reviewGrantSchema,
  reviewHostname,
  reviewNamespace,
  reviewTenant,
  type ReviewGrant,
} from "./review-grants";
import { reviewSecrets } from "./review-secrets";

/** `slipway:review`: set only in a review stack (by the derivation below), never by hand. */
export const reviewMarkerSchema = z
  .strictObject({
    /** The apps stack this review stack copies apps of. */
    source: z.string().min(1),
    /** The pull request's number. */
    pr: integer(1),
    /** The review slot (its namespaces) the stack runs in. */
    slot: integer(1),
    /** The source app of each copy, by copy: a copy of an image in its app's own repository pulls it from there. */
    // Absent from the markers of review stacks updated before it was recorded, which the sweep must still find.
    originals: z.record(appName, appName).default({}),
  })
  .optional();

export type ReviewMarker = NonNullable<z.output<typeof reviewMarkerSchema>>;

/** A copy's requests and limits: the LimitRange defaults of its namespace (components/eks/review-limits.ts). */
const REVIEW_RESOURCES = { cpu: "50m", memory: "64Mi", cpuLimit: "250m", memoryLimit: "256Mi" };

export interface ReviewRequest {
  /** The source apps stack and its stack file's `config:` map. */
  source: { stack: string; config: Record<string, unknown> };
  /** The platform stack that grants the review stack, and its stack file's `config:` map. */
  platform: { stack: string; config: Record<string, unknown> };
  pr: number;
  slot: number;
  /** The source's apps the pull request changes, or every reviewable app. */
  changed: readonly string[] | "all";
}

interface ReviewCopy {
  app: string;
  /** The copy's app name, which is its namespace. */
  copy: string;
  url?: string;
}

export interface ReviewStack {
  stack: string;
  /** The review stack file's `config:` map. */
  config: Record<string, unknown>;
  copies: ReviewCopy[];
  ttlHours: number;
}

/** The review stack of an apps stack's pull request. */
export function reviewStackName(source: string, pr: number): string {
  return `${source}-pr-${pr}`;
}

function grantOf(request: ReviewRequest): { grant: ReviewGrant; apps: string[] } | ConfigProblem[] {
  const access = record(record(request.platform.config["slipway:cluster"]).access);
  const key = `slipway:cluster.access.reviewStacks.${request.source.stack}`;
  const given = record(access.reviewStacks)[request.source.stack];
  if (given === undefined)
    return [
      { key, message: `platform stack ${request.platform.stack} grants ${request.source.stack} no review stacks` },
    ];
  const parsed = reviewGrantSchema.safeParse(given);
  if (!parsed.success)
    return [
      { key, message: `is not a valid review grant: render platform stack ${request.platform.stack} for details` },
    ];
  const appStacks = record(access.appStacks) as Record<string, { namespaces: string[] }>;
  return { grant: parsed.data, apps: reviewedApps(parsed.data, appStacks, request.source.stack) };
}

function dependsOn(app: unknown): string[] {
  const names = record(record(app).network).dependsOn;
  return Array.isArray(names) ? names.filter((name): name is string => typeof name === "string") : [];
}

/** The changed apps ("all": every reviewable one) and, transitively, the apps they call, in name order. */
function selectApps(sourceApps: Record<string, unknown>, changed: readonly string[]): string[] {
  const selected = new Set<string>();
  const visit = (app: string) => {
    if (selected.has(app) || !Object.hasOwn(sourceApps, app)) return;
    selected.add(app);
    dependsOn(sourceApps[app]).forEach(visit);
  };
  changed.forEach(visit);
  return [...selected].sort();
}

/** Whether the original is served at a hostname: then its copy is, at the review hostname. */
function isServed(app: unknown): boolean {
  const { domains, routable } = record(app);
  return Array.isArray(domains) && domains.length > 0 && routable !== false;
}

/** Scaling and resources of the original are the production stack's: a copy runs one small pod. */
function smallProcesses(processes: unknown): Record<string, unknown> | undefined {
  if (processes === undefined) return undefined;
  return Object.fromEntries(
    Object.entries(record(processes)).map(([name, process]) => {
      const { replicas: _replicas, autoscale: _autoscale, resources: _resources, ...rest } = record(process);
      return [name, rest];
    }),
  );
}

function copyOf(app: unknown, rename: (name: string) => string, hostname: string): Record<string, unknown> {
  const {
    replicas: _r,
    autoscale: _a,
    resources: _res,
    aws: _aws,
    serviceAccount,
    domains: _d,
    review: _review,
    ...rest
  } = record(app);
  const network = record(rest.network);
  const served = isServed(app);
  const { iamRoleArn: _role, ...account } = record(serviceAccount);
  const copy: Record<string, unknown> = {
    ...rest,
    replicas: 1,
    resources: REVIEW_RESOURCES,
    ...(served ? { domains: [hostname] } : {}),
    ...(serviceAccount === undefined ? {} : { serviceAccount: account }),
    // Restricted egress whatever the original's: unreviewed code reaches only DNS, the router, its own
    // copies and HTTPS outside private networks, never another team's namespace.
    network: { ...network, egress: "restricted", dependsOn: dependsOn(app).map(rename) },
  };
  const processes = smallProcesses(rest.processes);
  if (processes !== undefined) copy.processes = processes;
  return copy;
}

/** The review stack a pull request gets, or every problem that stops it. */
export function deriveReviewStack(request: ReviewRequest): ReviewStack | ConfigProblem[] {
  const { source, platform, pr, slot } = request;
  const found = grantOf(request);
  if (Array.isArray(found)) return found;
  const { grant, apps: reviewable } = found;
  const stack = reviewStackName(source.stack, pr);
  const problems: ConfigProblem[] = stackNameProblems(stack).map(({ message }) => ({
    key: "stack",
    message: `the review stack ${stack}: ${message}`,
  }));
  if (!Number.isInteger(pr) || pr < 1)
    problems.push({ key: "pr", message: `expected a pull request number ≥ 1, got ${pr}` });
  if (!Number.isInteger(slot) || slot < 1 || slot > grant.slots)
    problems.push({
      key: "slot",
      message: `expected a slot from 1 to ${grant.slots} (the grant's slots), got ${slot}`,
    });
  const sourceApps = record(source.config["slipway:apps"]);
  const selected = selectApps(sourceApps, request.changed === "all" ? reviewable : request.changed);
  for (const app of selected.filter((name) => !reviewable.includes(name)))
    problems.push({
      key: `slipway:cluster.access.reviewStacks.${source.stack}.apps`,
      message: `does not list ${app}, which the pull request ${request.changed !== "all" && request.changed.includes(app) ? "changes" : "needs (network.dependsOn)"}; reviewable: ${reviewable.join(", ")}`,
    });
  const rename = (app: string) => reviewNamespace(grant, slot, app);
  const { secrets, problems: secretProblems } = reviewSecrets(source.config, selected, rename);
  problems.push(...secretProblems);
  if (problems.length > 0) return problems;
  const copies = selected.map((app): ReviewCopy => {
    const url = isServed(sourceApps[app]) ? `https://${reviewHostname(app, pr, grant.domain)}` : undefined;
    return { app, copy: rename(app), ...(url === undefined ? {} : { url }) };
  });
  const config: Record<string, unknown> = {
    ...(platform.config["aws:region"] === undefined ? {} : { "aws:region": platform.config["aws:region"] }),
    "slipway:layer": "apps",
    "slipway:environment": platform.config["slipway:environment"],
    "slipway:platformStack": platform.stack,
    "slipway:review": {
      source: source.stack,
      pr,
      slot,
      originals: Object.fromEntries(copies.map((c) => [c.copy, c.app])),
    },
    "slipway:apps": Object.fromEntries(
      selected.map((app) => [rename(app), copyOf(sourceApps[app], rename, reviewHostname(app, pr, grant.domain))]),
    ),
    ...(Object.keys(secrets).length === 0 ? {} : { "slipway:secrets": secrets }),
  };
  return { stack, config, copies, ttlHours: grant.ttlHours };
}

/** The tenant whose grant a review stack runs under (the platform's outputs list it with the app stacks). */
export function granteeOf(stack: string, review: unknown): string {
  const source = record(review).source;
  return typeof source === "string" ? reviewTenant(source) : stack;
}
