/**
 * The four keys over a window of deployments (see deployments.ts), as plain numbers: `null` where
 * there is nothing to measure. Hours and deployments per week are rounded to 2 decimals, the change
 * failure rate (a fraction) to 3.
 */
import { inWindow, type Deployment, type Window } from "./deployments";
import { percentile } from "./percentile";

export interface DoraMetrics {
  /** Every deployment in the window, failed ones included. */
  deployments: number;
  deploymentsPerWeek: number | null;
  leadTimeHours: { median: number | null; p90: number | null };
  changeFailureRate: number | null;
  timeToRestoreHours: { median: number | null };
  /** Successful deployments whose commit is unrecorded or not in the repository: no lead time. */
  skipped: number;
}

const HOUR_MS = 60 * 60 * 1000;

/**
 * `all`: every deployment, oldest first (a failure's rollback or restore is looked up past the ones in
 * the window); `commitTimes`: the committer time of each commit found in the repository.
 */
export function doraMetrics(
  all: Deployment[],
  window: Window | undefined,
  commitTimes: ReadonlyMap<string, Date>,
): DoraMetrics {
  const failed = failures(all);
  const measured = window ? all.filter((deployment) => inWindow(window, deployment)) : [];
  const succeeded = measured.filter((deployment) => deployment.succeeded);

  const leadTimes: number[] = [];
  for (const deployment of succeeded) {
    const committed = deployment.commit && commitTimes.get(deployment.commit);
    if (committed) leadTimes.push(hoursBetween(committed, deployment.end));
  }
  const restoreTimes = measured
    .filter((deployment) => failed.has(deployment))
    .flatMap((failure) => {
      const restored = all.find((later) => later.version > failure.version && later.succeeded && !failed.has(later));
      return restored ? [hoursBetween(failure.end, restored.end)] : [];
    });

  return {
    deployments: measured.length,
    deploymentsPerWeek: window ? round(succeeded.length / (window.days / 7), 2) : null,
    leadTimeHours: {
      median: roundOrNull(percentile(leadTimes, 50), 2),
      p90: roundOrNull(percentile(leadTimes, 90), 2),
    },
    changeFailureRate:
      measured.length > 0 ? round(measured.filter((d) => failed.has(d)).length / measured.length, 3) : null,
    timeToRestoreHours: { median: roundOrNull(percentile(restoreTimes, 50), 2) },
    skipped: succeeded.length - leadTimes.length,
  };
}

/** Failed deployments, and successful ones the next deployment rolls back (`npm run rollback` names it so). */
export function failures(all: Deployment[]): Set<Deployment> {
  return new Set(all.filter((deployment, i) => !deployment.succeeded || isRollback(all[i + 1])));
}

const isRollback = (deployment: Deployment | undefined) =>
  deployment !== undefined && deployment.message.trim().toLowerCase().startsWith("rollback");

const hoursBetween = (from: Date, to: Date) => (+to - +from) / HOUR_MS;

const round = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;

const roundOrNull = (value: number | null, decimals: number) => (value === null ? null : round(value, decimals));
