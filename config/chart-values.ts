/**
 * The escape hatch: `slipway:platform.<service>.values`, extra values a platform team passes to the
 * service's chart. They are pure data (what a values file holds) and are layered over Slipway's values
 * exactly as Helm layers a second values file over a first.
 */
import { z } from "zod";

export type ChartValues = Record<string, unknown>;

/** A map as Helm's merge sees one: a plain object (not a list, null, or a Pulumi Output). */
export function isMap(value: unknown): value is ChartValues {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Why a value cannot be written in a values file, or undefined when it can. */
function notData(value: unknown): string | undefined {
  if (value === null || typeof value === "string" || typeof value === "boolean") return undefined;
  if (typeof value === "number") return Number.isFinite(value) ? undefined : `got ${String(value)}`;
  if (Array.isArray(value) || isMap(value)) return undefined;
  return `got ${typeof value === "object" ? "an object that is not a plain map" : `a ${typeof value}`}`;
}

/** Every place under `value` that is not data, with its path. */
function nonData(value: unknown, path: PropertyKey[] = []): Array<{ path: PropertyKey[]; why: string }> {
  const why = notData(value);
  if (why) return [{ path, why }];
  if (Array.isArray(value)) return value.flatMap((item, i) => nonData(item, [...path, i]));
  if (isMap(value)) return Object.entries(value).flatMap(([key, item]) => nonData(item, [...path, key]));
  return [];
}

/** The schema of one service's `values`: a map of JSON data, empty unless given. */
export const chartValues = z
  .record(z.string(), z.unknown(), { error: "expected a map of chart values, as in a Helm values file" })
  .superRefine((values, ctx) => {
    for (const { path, why } of nonData(values))
      ctx.addIssue({
        code: "custom",
        path,
        message: `expected JSON data (a string, finite number, boolean, null, list or map), ${why}`,
      });
  })
  .default({});

/**
 * `over` layered on `base` as Helm layers values files: maps merge key by key, anything else (a list,
 * a scalar, null) replaces what was there. A null is kept, not dropped: when Helm then coalesces the
 * result with the chart's defaults, a null removes the key and the chart's default with it.
 *
 * Helm's own layering is `mergeMaps` in helm/helm v3.20.2 pkg/cli/values/options.go, which
 * pulumi-kubernetes copies as `MergeMaps` (provider/pkg/helm/upstream.go) to layer a chart's `values`
 * over its values files; the null rule is `coalesceValues` and `coalesceTablesFullKey` in
 * pkg/chartutil/coalesce.go at the same tag. v3.20.2 is the Helm of pulumi-kubernetes provider/go.mod
 * at v4.32.0 (the pin is 4.34.2, whose go.mod is to be re-read). Keys are literal: `a.b` is one key.
 */
export function mergeChartValues(base: ChartValues, over: ChartValues): ChartValues {
  // A Map, then fromEntries: a key named __proto__ stays a key and never replaces the prototype.
  const merged = new Map(Object.entries(base));
  for (const [key, value] of Object.entries(over)) {
    const under = merged.get(key);
    merged.set(key, isMap(value) && isMap(under) ? mergeChartValues(under, value) : value);
  }
  return Object.fromEntries(merged);
}

/**
 * The paths `values` writes when merged: every value that is not a map (a list is one value: Helm
 * replaces it whole), and every empty map, which replaces whatever is not a map there.
 */
export function writtenPaths(values: ChartValues, prefix: string[] = []): string[][] {
  return Object.entries(values).flatMap(([key, value]) =>
    isMap(value) && Object.keys(value).length > 0 ? writtenPaths(value, [...prefix, key]) : [[...prefix, key]],
  );
}

/** A values path as `pulumi config --path` takes it: keys that are not plain names are bracketed. */
export function valuesPath(path: readonly string[]): string {
  return path.map((key) => (/^[A-Za-z_][\w-]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`)).join("");
}
