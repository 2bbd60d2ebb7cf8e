/**
 * Inline SVG bar charts of the weekly keys (no script, no external asset): deployments per week,
 * failed ones stacked in red, and the change failure rate per week. Each bar has a <title>, so
 * hovering gives the exact figure.
 */
import { html, type Html } from "./html";
import type { Week } from "./weekly";

const WIDTH = 640;
const HEIGHT = 200;
const PAD = { left: 36, right: 8, top: 24, bottom: 36 };

interface Bar {
  /** Stacked from the bottom: [height value, css class, hover text]. */
  parts: Array<[number, string, string]>;
}

function barChart(title: string, weeks: Week[], bars: Bar[], max: number, axis: (value: number) => string): Html {
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const step = plotWidth / Math.max(weeks.length, 1);
  const y = (value: number) => PAD.top + plotHeight - (value / max) * plotHeight;
  // A label every few weeks keeps a 13-week window readable.
  const every = Math.max(1, Math.ceil(weeks.length / 7));
  return html`<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${title}">
    <text x="${PAD.left}" y="14" class="chart-title">${title}</text>
    <line x1="${PAD.left}" y1="${y(0)}" x2="${WIDTH - PAD.right}" y2="${y(0)}" class="axis" />
    <text x="${PAD.left - 4}" y="${y(max) + 4}" class="tick" text-anchor="end">${axis(max)}</text>
    <text x="${PAD.left - 4}" y="${y(0) + 4}" class="tick" text-anchor="end">${axis(0)}</text>
    ${bars.map((bar, i) => {
      let base = 0;
      const x = PAD.left + i * step + step * 0.15;
      const rects = bar.parts.map(([value, css, hover]) => {
        const rect = html`<rect
          x="${x.toFixed(1)}"
          y="${y(base + value).toFixed(1)}"
          width="${(step * 0.7).toFixed(1)}"
          height="${(y(base) - y(base + value)).toFixed(1)}"
          class="${css}"
          ><title>${hover}</title></rect
        >`;
        base += value;
        return rect;
      });
      const label =
        i % every === 0
          ? html`<text
              x="${(x + step * 0.35).toFixed(1)}"
              y="${HEIGHT - PAD.bottom + 14}"
              class="tick"
              text-anchor="middle"
              >${weeks[i].start.slice(5)}</text
            >`
          : "";
      return [rects, label];
    })}
  </svg>`;
}

export function deploymentsChart(weeks: Week[]): Html {
  const max = Math.max(1, ...weeks.map((week) => week.deployments));
  const bars = weeks.map((week) => ({
    parts: [
      [week.deployments - week.failed, "bar-ok", `week of ${week.start}: ${week.deployments - week.failed} succeeded`],
      [week.failed, "bar-failed", `week of ${week.start}: ${week.failed} failed or rolled back`],
    ] as Array<[number, string, string]>,
  }));
  return barChart("Deployments per week (red: failed or rolled back)", weeks, bars, max, String);
}

export function failureRateChart(weeks: Week[]): Html {
  const percent = (rate: number) => `${Math.round(rate * 100)} %`;
  const bars = weeks.map((week) => ({
    parts: [
      [
        week.changeFailureRate ?? 0,
        "bar-rate",
        `week of ${week.start}: ${week.changeFailureRate === null ? "no deployment" : percent(week.changeFailureRate)}`,
      ],
    ] as Array<[number, string, string]>,
  }));
  return barChart("Change failure rate per week", weeks, bars, 1, percent);
}
