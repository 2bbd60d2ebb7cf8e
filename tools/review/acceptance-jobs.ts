/**
 * A review copy's acceptance checks, run by the review tool after `pulumi up` as the Jobs its
 * acceptance analysis would start: Argo Rollouts skips every analysis of a Rollout's first deploy
 * (argoproj/argo-rollouts v1.9.0 rollout/analysis.go, `initialDeploy`), which a review stack's first
 * push is. Each Job is made from the AnalysisTemplate the update applied, read back from the cluster,
 * not derived again: that template holds the image references the program resolved (by digest) and
 * the Service address, which only the program's run knows. Like Argo's Job provider (v1.9.0
 * metricproviders/job/job.go, newMetricJob), a Job is the metric's `provider.job` metadata and its
 * spec unchanged (command, env, security context, deadline, backoffLimit 0, TTL) in the template's
 * namespace; it passes when it completes and fails when it fails (JobComplete / JobFailed).
 */
import type { AcceptanceJob, AcceptanceJobsApi, AnalysisTemplate } from "./ports";

/** Kubernetes object names (and the job-name label Jobs put on their pods) are at most 63 characters. */
const NAME_LIMIT = 63;
/** Log lines a failed check shows. */
const LOG_LINES = 20;
/** Beyond a Job's own deadline: time for the Job controller to record its end. */
const END_MARGIN_SECONDS = 30;
/** A Job without a deadline is waited for this long (every Slipway acceptance Job has one). */
const NO_DEADLINE_SECONDS = 600;

export interface CheckResult {
  /** The metric's name: `smoke` or `test-<name>`. */
  check: string;
  job: string;
  passed: boolean;
  /** Why it failed, e.g. `BackoffLimitExceeded`, `DeadlineExceeded`, `ErrImagePull`. */
  reason?: string;
  /** A failed check's last log lines. */
  log: string[];
}

/** `<metric>-<run>`: one Job per check, PR and push; a long metric name is cut as Argo cuts it. */
function jobName(metric: string, run: string): string {
  const room = NAME_LIMIT - run.length - 1;
  return `${metric.slice(0, room).replace(/[-.]+$/, "")}-${run}`;
}

/** Every Job metric of the namespace's templates, as a Job; KPI metrics (Prometheus) have none. */
export function acceptanceJobs(
  templates: AnalysisTemplate[],
  namespace: string,
  run: string,
): Array<{ check: string; job: AcceptanceJob }> {
  return templates.flatMap((template) =>
    template.spec.metrics.flatMap(({ name, provider }) =>
      provider.job === undefined
        ? []
        : [
            {
              check: name,
              job: {
                apiVersion: "batch/v1" as const,
                kind: "Job" as const,
                metadata: { ...provider.job.metadata, name: jobName(name, run), namespace },
                spec: provider.job.spec,
              },
            },
          ],
    ),
  );
}

/** The container a metric's Job runs: Slipway names it after the metric (components/app/acceptance.ts). */
const containerOf = (job: AcceptanceJob) =>
  ((job.spec.template as { spec?: { containers?: Array<{ name: string }> } })?.spec?.containers ?? [])[0]?.name ?? "";

async function runOne(api: AcceptanceJobsApi, check: string, job: AcceptanceJob): Promise<CheckResult> {
  const { name, namespace } = job.metadata;
  const timeout = (job.spec.activeDeadlineSeconds ?? NO_DEADLINE_SECONDS) + END_MARGIN_SECONDS;
  await api.createJob(job);
  const outcome = await api.outcome(namespace, name, timeout);
  if (outcome.status === "complete") return { check, job: name, passed: true, log: [] };
  const log = await api.logTail(namespace, name, containerOf(job), LOG_LINES);
  // A finished Job goes by its TTL; a stuck one never finishes, so it is removed now.
  if (outcome.status === "stuck") await api.deleteJob(namespace, name);
  return { check, job: name, passed: false, reason: outcome.reason, log };
}

/** Runs every check of one copy at once (as Argo starts every metric of a run at once). */
export async function runAcceptanceJobs(
  api: AcceptanceJobsApi,
  namespace: string,
  run: string,
): Promise<CheckResult[]> {
  const jobs = acceptanceJobs(await api.analysisTemplates(namespace), namespace, run);
  return Promise.all(jobs.map(({ check, job }) => runOne(api, check, job)));
}
