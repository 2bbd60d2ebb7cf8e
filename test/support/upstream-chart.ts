/**
 * A chart's own defaults at the version an install names, from its contract in ../shared/upstream/charts/
 * (stacks/chart-contracts/chart-contract.ts: values.yaml with each subchart's coalesced under its name
 * as Helm coalesces them), so a test can find every container a chart runs without asking Slipway's
 * tables which ones there are.
 */
import { isMap } from "../../config/chart-values";
import { chartContract } from "../../stacks/chart-contracts/chart-contract";

export interface UpstreamChart {
  /** values.yaml with each subchart's defaults under its name. */
  defaults: Record<string, unknown>;
  /** Subchart name → the values path its Chart.yaml `condition` reads. */
  conditions: Record<string, string>;
  /** Subcharts whose files are not in ../shared/upstream: a test must show they are off. */
  absent: string[];
}

/** The chart a Helm install's inputs name (`chart`, possibly an OCI reference, and `version`): its contract's files. */
export function upstreamChart(chart: string, version: string): UpstreamChart {
  const contract = chartContract({ chart, version });
  return { defaults: contract.defaults, conditions: contract.chart.conditions, absent: contract.chart.absent };
}

/** Every values path (dotted) whose last key is `key` and whose default is a map. */
export function pathsEndingIn(value: unknown, key: string, prefix: string[] = []): string[] {
  if (!isMap(value)) return [];
  return Object.entries(value).flatMap(([k, v]) => [
    ...(k === key && (isMap(v) || v === null) ? [[...prefix, k].join(".")] : []),
    ...pathsEndingIn(v, key, [...prefix, k]),
  ]);
}
