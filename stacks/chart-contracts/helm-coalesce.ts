/**
 * A chart's values as Helm computes them before it renders a template or checks values.schema.json:
 * the values given, coalesced over the chart's values.yaml and each subchart's, with globals passed
 * down. Ported from helm/helm v3.20.2 pkg/chartutil/coalesce.go (`CoalesceValues` L45,
 * `coalesceDeps` L105, `coalesceGlobals` L132, `coalesceValues` L195, `coalesceTablesFullKey` L278),
 * the Helm of pulumi-kubernetes provider/go.mod at v4.32.0 (the pin is 4.34.2: to be re-read there).
 * Maps merge key by key, lists and scalars replace, a null given over a default deletes the key (kept
 * under a subchart's name until that subchart's own defaults are coalesced), and a value given where
 * the default is a map (or the reverse) wins with a warning.
 */
import { isMap, type ChartValues } from "../../config/chart-values";

/** A chart as Helm loads it: its own values.yaml and its subcharts. */
export interface HelmChart {
  name: string;
  values: ChartValues;
  dependencies: HelmChart[];
}

const GLOBAL = "global";

/** A deep copy of JSON data (Helm's `copystructure.Copy`); structuredClone's objects may come from another realm. */
function copy<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copy) as T;
  if (isMap(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copy(v)])) as T;
  return value;
}
const has = (map: ChartValues, key: string) => Object.hasOwn(map, key);

/** `coalesceTablesFullKey`: `src` (lower precedence) into `dst`, which wins. */
function coalesceTables(dst: ChartValues, src: ChartValues, merge: boolean): ChartValues {
  const srcNonNull = new Set(Object.keys(src).filter((key) => src[key] !== null));
  for (const [key, value] of Object.entries(dst)) if (value === null) src[key] = null;
  for (const [key, value] of Object.entries(src)) {
    if (has(dst, key) && !merge && dst[key] === null && srcNonNull.has(key)) delete dst[key];
    else if (!has(dst, key)) dst[key] = value;
    else if (isMap(value) && isMap(dst[key])) coalesceTables(dst[key], value, merge);
  }
  return dst;
}

/** `coalesceValues`: the chart's own defaults under `values`. */
function coalesceValues(chart: HelmChart, values: ChartValues, merge: boolean): void {
  for (const [key, value] of Object.entries(copy(chart.values))) {
    if (!has(values, key)) values[key] = value;
    else if (values[key] === null && !merge) delete values[key];
    else if (isMap(values[key]) && isMap(value)) {
      // Values for a subchart keep their nulls until the subchart's own defaults are coalesced.
      const child = merge || chart.dependencies.some((dependency) => dependency.name === key);
      coalesceTables(values[key], value, child);
    }
  }
}

/** `coalesceGlobals`: the parent's `global` merged into a subchart's. */
function coalesceGlobals(dest: ChartValues, src: ChartValues): void {
  const destGlobal = has(dest, GLOBAL) ? dest[GLOBAL] : {};
  const srcGlobal = has(src, GLOBAL) ? src[GLOBAL] : {};
  if (!isMap(destGlobal) || !isMap(srcGlobal)) return;
  for (const [key, value] of Object.entries(srcGlobal)) {
    if (isMap(value)) {
      const shallow = { ...value };
      if (!has(destGlobal, key)) destGlobal[key] = shallow;
      else if (isMap(destGlobal[key])) destGlobal[key] = coalesceTables(shallow, destGlobal[key], true);
    } else if (!(has(destGlobal, key) && isMap(destGlobal[key]))) destGlobal[key] = value;
  }
  dest[GLOBAL] = destGlobal;
}

function coalesce(chart: HelmChart, values: ChartValues, merge: boolean): ChartValues {
  coalesceValues(chart, values, merge);
  for (const dependency of chart.dependencies) {
    const given = has(values, dependency.name) ? values[dependency.name] : {};
    if (!isMap(given)) throw new Error(`type mismatch on ${dependency.name}: expected a map of its values`);
    coalesceGlobals(given, values);
    values[dependency.name] = coalesce(dependency, given, merge);
  }
  return values;
}

/** `CoalesceValues`: the values a release renders with (nulls given over defaults are gone). */
export function coalescedValues(chart: HelmChart, given: ChartValues): ChartValues {
  return coalesce(chart, copy(given), false);
}

/** Every value the chart and its subcharts define, nulls kept (`MergeValues` of nothing). */
export function chartDefaults(chart: HelmChart): ChartValues {
  return coalesce(chart, {}, true);
}
