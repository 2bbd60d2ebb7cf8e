/** The four keys (tools/dora/metrics.ts) with their DORA level (tools/dora/levels.ts) and the weekly charts. */
import type { Window } from "../dora/deployments";
import {
  changeFailureRateLevel,
  deploymentFrequencyLevel,
  leadTimeLevel,
  timeToRestoreLevel,
  type Level,
} from "../dora/levels";
import type { DoraMetrics } from "../dora/metrics";
import { formatTime } from "../release-history/listing";
import { html, type Html } from "./html";
import { deploymentsChart, failureRateChart } from "./svg-chart";
import type { Week } from "./weekly";

const level = (value: number | null, of: (value: number) => Level) => (value === null ? undefined : of(value));

export function doraSection(window: Window | undefined, metrics: DoraMetrics, weeks: Week[]): Html {
  if (!window)
    return html`<section id="dora">
      <h2>DORA four keys</h2>
      <p>No finished update: nothing to measure.</p>
    </section>`;
  const { leadTimeHours: lead, timeToRestoreHours: restore } = metrics;
  const rows: Array<[string, string, Level | undefined]> = [
    [
      "Deployment frequency",
      `${metrics.deploymentsPerWeek} per week`,
      level(metrics.deploymentsPerWeek, deploymentFrequencyLevel),
    ],
    [
      "Lead time for changes",
      lead.median === null ? "–" : `median ${lead.median} h, p90 ${lead.p90} h`,
      level(lead.median, leadTimeLevel),
    ],
    [
      "Change failure rate",
      metrics.changeFailureRate === null ? "–" : `${Math.round(metrics.changeFailureRate * 1000) / 10} %`,
      level(metrics.changeFailureRate, changeFailureRateLevel),
    ],
    [
      "Time to restore",
      restore.median === null ? "–" : `median ${restore.median} h`,
      level(restore.median, timeToRestoreLevel),
    ],
  ];
  return html`<section id="dora">
    <h2>DORA four keys</h2>
    <p>${window.days} days to ${formatTime(window.end)}: ${metrics.deployments} deployments.</p>
    <table class="keys">
      <thead>
        <tr>
          <th>Key</th>
          <th>Value</th>
          <th>Level</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          ([key, value, lvl]) =>
            html`<tr>
              <td>${key}</td>
              <td>${value}</td>
              <td>${lvl ? html`<span class="level level-${lvl}">${lvl}</span>` : "–"}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${
      metrics.skipped > 0
        ? html`<p class="note">
            Lead time leaves out ${metrics.skipped} successful deployments whose commit is unrecorded or not in this
            repository.
          </p>`
        : ""
    }
    <p class="note">
      Levels: the clusters of the 2023 Accelerate State of DevOps report (tools/dora/levels.ts); – where there is
      nothing to measure.
    </p>
    <div class="charts">${deploymentsChart(weeks)}${failureRateChart(weeks)}</div>
  </section>`;
}
