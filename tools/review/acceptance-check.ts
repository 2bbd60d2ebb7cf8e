/**
 * A review copy's acceptance check, run by the review tool after `pulumi up`, against the copy's own
 * URL. In a cluster, acceptance checks are Argo Rollouts analysis Jobs (components/app/acceptance.ts),
 * and Argo skips every analysis of a Rollout's first deploy, while it has no stable ReplicaSet
 * (argoproj/argo-rollouts v1.9.0 rollout/analysis.go, reconcileAnalysisRuns: `initialDeploy`), which
 * is every review stack's first push. So the tool sends the app's smoke check itself, the same
 * plan the smoke Job runs (paths, accepted statuses, requests; components/app/smoke-check.ts), from
 * outside, through the copy's route; the analysis's own Jobs run in the cluster (acceptance-jobs.ts).
 */
import { acceptanceSchema } from "../../config/acceptance";
import type { HealthcheckConfig } from "../../config/types";
import { record } from "../../config/raw";
import { smokePlan, type SmokePlan } from "../../components/app/smoke-check";
import type { HttpGet } from "./ports";

export interface AcceptanceResult {
  passed: boolean;
  /** What was asked and answered, e.g. `GET /healthz: 200, 200, 200`. */
  lines: string[];
}

/** The copy's smoke plan from its (derived) app config, as the program would read it. */
export function copySmokePlan(app: unknown): SmokePlan | undefined {
  const parsed = acceptanceSchema.safeParse(record(record(app).strategy).acceptance ?? {});
  if (!parsed.success || !parsed.data.smoke.enabled) return undefined;
  const healthcheck = record(record(app).healthcheck);
  const http =
    healthcheck.type === "http" && typeof healthcheck.path === "string"
      ? ({ type: "http", path: healthcheck.path } as HealthcheckConfig)
      : undefined;
  return smokePlan(parsed.data.smoke, http);
}

const accepted = (plan: SmokePlan, status: number) =>
  "statuses" in plan.accept
    ? plan.accept.statuses.includes(status)
    : status >= plan.accept.from && status <= plan.accept.to;

export interface Waiting {
  /** Tries of the first request while DNS and the route settle. */
  attempts: number;
  sleep: (ms: number) => Promise<void>;
  intervalMs: number;
}

/** Waits until the copy answers at all, then sends the plan's requests; every one must be accepted. */
export async function runSmoke(
  url: string,
  plan: SmokePlan,
  get: HttpGet,
  waiting: Waiting,
): Promise<AcceptanceResult> {
  let first = 0;
  for (let attempt = 1; attempt <= waiting.attempts && first === 0; attempt++) {
    if (attempt > 1) await waiting.sleep(waiting.intervalMs);
    first = await get(`${url}${plan.paths[0]}`);
  }
  if (first === 0) return { passed: false, lines: [`GET ${plan.paths[0]}: no answer after ${waiting.attempts} tries`] };
  const lines: string[] = [];
  let passed = true;
  for (const path of plan.paths) {
    const statuses: number[] = [];
    for (let i = 0; i < plan.requests; i++) statuses.push(await get(`${url}${path}`));
    const bad = statuses.filter((status) => !accepted(plan, status));
    if (bad.length > 0) passed = false;
    lines.push(`GET ${path}: ${statuses.join(", ")}${bad.length > 0 ? ` (expected ${expected(plan)})` : ""}`);
  }
  return { passed, lines };
}

const expected = (plan: SmokePlan) =>
  "statuses" in plan.accept ? plan.accept.statuses.join(" or ") : `${plan.accept.from}-${plan.accept.to}`;
