/** The four keys (tools/dora/metrics.ts) with their DORA level (tools/dora/levels.ts) and the weekly charts. */
import type { Window } from "../dora/deployments";
import { doraKeyRows } from "../dora/report";
import type { DoraMetrics } from "../dora/metrics";
import { formatTime } from "../release-history/listing";
import { html, type Html } from "./html";
import { deploymentsChart, failureRateChart } from "./svg-chart";
import type { Week } from "./weekly";

export function doraSection(window: Window | undefined, metrics: DoraMetrics, weeks: Week[]): Html {
  if (!window)
    return html`<section id="dora">
      <h2>DORA four keys</h2>
      <p>No finished update: nothing to measure.</p>
    </section>`;
  const rows = doraKeyRows(metrics);
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
              <td>${key[0].toUpperCase()}${key.slice(1)}</td>
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
