/** The `npm run dora` table: each key's value and the DORA level it falls in (levels.ts). */
import type { Window } from "./deployments";
import { formatTime } from "../release-history/listing";
import {
  changeFailureRateLevel,
  deploymentFrequencyLevel,
  leadTimeLevel,
  timeToRestoreLevel,
  type Level,
} from "./levels";
import type { DoraMetrics } from "./metrics";

export function formatDora(stack: string, window: Window | undefined, metrics: DoraMetrics): string[] {
  if (!window) return [`Stack ${stack} has no finished updates: nothing to measure.`];
  const rows = doraKeyRows(metrics);
  const width = (column: number) =>
    Math.max(...[["key", "value", "level"], ...rows].map((row) => (row[column] ?? "-").length));
  const line = (row: Array<string | undefined>) =>
    `${(row[0] ?? "").padEnd(width(0))}  ${(row[1] ?? "").padEnd(width(1))}  ${row[2] ?? "-"}`.trimEnd();
  const lines = [
    `DORA four keys of stack ${stack}: ${window.days} days to ${formatTime(window.end)}, ${metrics.deployments} deployments`,
    line(["key", "value", "level"]),
    ...rows.map(line),
  ];
  if (metrics.skipped > 0) {
    lines.push(
      `Lead time leaves out ${metrics.skipped} successful deployments whose commit is unrecorded or not in the repository (git fetch).`,
    );
  }
  lines.push("Levels: clusters of the 2023 Accelerate State of DevOps report; - where there is nothing to measure.");
  return lines;
}

/** Each key's label, its value as read ("-" where there is nothing to measure) and its level. */
export function doraKeyRows(metrics: DoraMetrics): Array<[string, string, Level | undefined]> {
  const { leadTimeHours: lead, timeToRestoreHours: restore } = metrics;
  return [
    [
      "deployment frequency",
      `${metrics.deploymentsPerWeek} per week`,
      level(metrics.deploymentsPerWeek, deploymentFrequencyLevel),
    ],
    [
      "lead time for changes",
      lead.median === null ? "-" : `median ${lead.median} h, p90 ${lead.p90} h`,
      level(lead.median, leadTimeLevel),
    ],
    [
      "change failure rate",
      metrics.changeFailureRate === null ? "-" : `${round1(metrics.changeFailureRate * 100)} %`,
      level(metrics.changeFailureRate, changeFailureRateLevel),
    ],
    [
      "time to restore",
      restore.median === null ? "-" : `median ${restore.median} h`,
      level(restore.median, timeToRestoreLevel),
    ],
  ];
}

const level = (value: number | null, of: (value: number) => Level) => (value === null ? undefined : of(value));

const round1 = (value: number) => Math.round(value * 10) / 10;
