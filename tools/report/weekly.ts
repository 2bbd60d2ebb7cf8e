/**
 * The keys over time: the measured window cut into weeks ending at the window's end (the oldest may
 * be shorter), with each week's deployments and change failure rate by the definitions of
 * tools/dora/metrics.ts (a failure is a failed deployment or one the next deployment rolls back).
 */
import { inWindow, type Deployment, type Window } from "../dora/deployments";
import { failures } from "../dora/metrics";

export interface Week {
  /** First day of the week (UTC), YYYY-MM-DD. */
  start: string;
  deployments: number;
  failed: number;
  /** failed ÷ deployments; null when the week has no deployment. */
  changeFailureRate: number | null;
}

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

export function weeklyKeys(all: Deployment[], window: Window | undefined): Week[] {
  if (!window) return [];
  const failed = failures(all);
  const measured = all.filter((deployment) => inWindow(window, deployment));
  const count = Math.ceil((+window.end - +window.start) / WEEK_MS);
  const weeks: Week[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const end = +window.end - i * WEEK_MS;
    const start = Math.max(end - WEEK_MS, +window.start);
    // Weeks are (start, end]; the first one also takes a deployment at the window's very start.
    const inWeek = measured.filter((d) => (+d.end > start || (i === count - 1 && +d.end === start)) && +d.end <= end);
    const failedInWeek = inWeek.filter((d) => failed.has(d)).length;
    weeks.push({
      start: new Date(start).toISOString().slice(0, 10),
      deployments: inWeek.length,
      failed: failedInWeek,
      changeFailureRate: inWeek.length > 0 ? failedInWeek / inWeek.length : null,
    });
  }
  return weeks;
}
