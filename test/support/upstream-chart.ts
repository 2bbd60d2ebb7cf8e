/**
 * A chart's own defaults at the version an install names, read from ../shared/upstream/charts/ (each
 * chart's values.yaml, its subcharts' under their names), so a test can find every container a chart
 * runs without asking Slipway's tables which ones there are.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { isMap, mergeChartValues } from "../../config/chart-values";

const CHARTS_DIR = join(__dirname, "..", "..", "..", "shared", "upstream", "charts");

export interface UpstreamChart {
  /** values.yaml with each subchart's defaults under its name. */
  defaults: Record<string, unknown>;
  /** Subchart name → the values path its Chart.yaml `condition` reads. */
  conditions: Record<string, string>;
  /** Subcharts whose files are not in ../shared/upstream: a test must show they are off. */
  absent: string[];
}

function readChart(dir: string): UpstreamChart {
  const defaults = (parse(readFileSync(join(dir, "values.yaml"), "utf8")) ?? {}) as Record<string, unknown>;
  const meta = parse(readFileSync(join(dir, "Chart.yaml"), "utf8")) as {
    dependencies?: Array<{ name: string; condition?: string }>;
  };
  const conditions: Record<string, string> = {};
  const absent: string[] = [];
  const subcharts = join(dir, "charts");
  for (const dependency of meta.dependencies ?? []) {
    const folder = existsSync(subcharts)
      ? readdirSync(subcharts).find(
          (f) => f.startsWith(`${dependency.name}-`) && /-\d/.test(f.slice(dependency.name.length)),
        )
      : undefined;
    if (dependency.condition) conditions[dependency.name] = dependency.condition;
    if (!folder) {
      absent.push(dependency.name);
      continue;
    }
    const sub = readChart(join(subcharts, folder));
    const over = defaults[dependency.name];
    // As Helm coalesces them: the parent's values for a subchart over the subchart's own defaults.
    defaults[dependency.name] = mergeChartValues(sub.defaults, isMap(over) ? over : {});
  }
  return { defaults, conditions, absent };
}

/** The chart a Helm install's inputs name (`chart`, possibly an OCI reference, and `version`). */
export function upstreamChart(chart: string, version: string): UpstreamChart {
  const dir = join(CHARTS_DIR, `${chart.split("/").at(-1)}-${version}`);
  if (!existsSync(dir)) throw new Error(`${chart} ${version} is not in ../shared/upstream/charts: have it placed`);
  return readChart(dir);
}

/** Every values path (dotted) whose last key is `key` and whose default is a map. */
export function pathsEndingIn(value: unknown, key: string, prefix: string[] = []): string[] {
  if (!isMap(value)) return [];
  return Object.entries(value).flatMap(([k, v]) => [
    ...(k === key && (isMap(v) || v === null) ? [[...prefix, k].join(".")] : []),
    ...pathsEndingIn(v, key, [...prefix, k]),
  ]);
}
