/**
 * What a chart's contract refuses in values given to it (stacks/chart-contracts/chart-contract.ts):
 * a key the chart does not define, unless beside the pin the chart's path is listed as free-form (a
 * map of annotations, a Kubernetes object the chart passes through); a null where the chart's default
 * is a number, or under a free-form path where there is no default to delete (a null deletes a
 * default, and it is what `.inf`, `.nan` and `1e400` become on the way in); a number that is not
 * finite; and whatever the chart's values.schema.json refuses once the values are coalesced over the
 * chart's defaults as Helm coalesces them, or, for a chart that publishes none, a map, list or single
 * value where its default is another kind. Each problem has its path.
 */
import type { ErrorObject } from "ajv";
import { closestKnownKey } from "../../config/schema-walk";
import { isMap, type ChartValues } from "../../config/chart-values";
import type { ChartContract, ContractChart } from "./chart-contract";
import { coalescedValues } from "./helm-coalesce";

export interface ContractProblem {
  path: string[];
  message: string;
}

/** `a.b["c.d"].*` → ["a", "b", "c.d", "*"]: a free-form path as the pins list it. */
export function segments(pattern: string): string[] {
  return [...pattern.matchAll(/\[("(?:[^"\\]|\\.)*")\]|([^.[\]]+)/g)].map(([, quoted, plain]) =>
    quoted ? (JSON.parse(quoted) as string) : plain,
  );
}

/** Whether a free-form path (`*` is any one key) holds `path`. */
function freeFormHolds(patterns: string[][], path: readonly string[]): boolean {
  return patterns.some(
    (pattern) => pattern.length <= path.length && pattern.every((key, i) => key === "*" || key === path[i]),
  );
}

/** A value's kind as a values file has them: Helm merges maps, replaces lists and single values whole. */
const kind = (value: unknown) => (isMap(value) ? "a map" : Array.isArray(value) ? "a list" : "a single value");

const nullMeansNothing = (title: string) =>
  `null deletes nothing here (chart ${title} has no default at this key), and is what .inf, .nan and 1e400 become on the way in: write a value or leave the key out`;

function keyProblems(
  contract: ChartContract,
  freeForm: string[][],
  given: ChartValues,
  defaults: unknown,
  path: string[],
): ContractProblem[] {
  return Object.entries(given).flatMap(([key, value]): ContractProblem[] => {
    const at = [...path, key];
    if (typeof value === "number" && !Number.isFinite(value))
      return [{ path: at, message: `${String(value)} is not a finite number: write a finite number` }];
    const known = isMap(defaults) && Object.hasOwn(defaults, key);
    const fallback = known ? defaults[key] : undefined;
    const free = freeFormHolds(freeForm, at);
    if (value === null && typeof fallback === "number")
      return [
        {
          path: at,
          message: `null deletes chart ${contract.title}'s default ${fallback}, and is what .inf, .nan and 1e400 become on the way in: write a finite number`,
        },
      ];
    // Under a free-form path any key goes, but a null there must still have a default to delete.
    if (value === null && free && (fallback === undefined || fallback === null))
      return [{ path: at, message: nullMeansNothing(contract.title) }];
    if (!known && !free) {
      const suggestion = isMap(defaults) ? closestKnownKey(key, Object.keys(defaults)) : undefined;
      const hint = suggestion ? ` (did you mean ${suggestion}?)` : "";
      return [{ path: at, message: `not a value of chart ${contract.title}${hint}` }];
    }
    if (!contract.hasSchema && !free && value !== null && fallback !== null && kind(value) !== kind(fallback))
      return [
        {
          path: at,
          message: `expected ${kind(fallback)}, as chart ${contract.title}'s default is (the chart publishes no values.schema.json: each value's kind is checked against its default's)`,
        },
      ];
    if (!isMap(value)) return [];
    // Everything below a free-form path is free-form: a pattern of wildcards as deep as `at` holds it.
    return keyProblems(contract, free ? [at.map(() => "*")] : freeForm, value, fallback, at);
  });
}

/** An ajv error's values path: its instancePath, and the key an `additionalProperties` error names. */
function errorPath(error: ErrorObject, base: string[]): string[] {
  const pointer = error.instancePath === "" ? [] : error.instancePath.slice(1).split("/");
  const keys = pointer.map((key) => key.replaceAll("~1", "/").replaceAll("~0", "~"));
  const extra = error.keyword === "additionalProperties" ? [String(error.params.additionalProperty)] : [];
  return [...base, ...keys, ...extra];
}

function schemaProblems(chart: ContractChart, values: unknown, title: string, base: string[]): ContractProblem[] {
  if (!isMap(values)) return [];
  const whose = base.length === 0 ? "" : ` (subchart ${chart.name})`;
  const own =
    chart.validate && !chart.validate(values)
      ? (chart.validate.errors ?? []).map((error) => ({
          path: errorPath(error, base),
          message: `refused by chart ${title}'s values.schema.json${whose}: ${error.message ?? error.keyword}`,
        }))
      : [];
  const subcharts = chart.dependencies.flatMap((dependency) =>
    schemaProblems(dependency, values[dependency.name], title, [...base, dependency.name]),
  );
  return [...own, ...subcharts];
}

const pathKey = (path: readonly string[]) => JSON.stringify(path);

/**
 * Every problem the contract finds in `given`, keys first; a schema error at or under a key already
 * refused is not repeated.
 */
export function contractProblems(
  contract: ChartContract,
  given: ChartValues,
  freeForm: Readonly<Record<string, string>> = {},
): ContractProblem[] {
  const keys = keyProblems(contract, Object.keys(freeForm).map(segments), given, contract.defaults, []);
  if (!contract.hasSchema) return keys;
  const refused = new Set(keys.map(({ path }) => pathKey(path)));
  const under = (path: string[]) => path.some((_, i) => refused.has(pathKey(path.slice(0, i + 1))));
  const schema = schemaProblems(contract.chart, coalescedValues(contract.chart, given), contract.title, []);
  const seen = new Set<string>();
  return [
    ...keys,
    ...schema.filter(({ path, message }) => {
      const id = pathKey(path) + message;
      if (under(path) || seen.has(id)) return false;
      seen.add(id);
      return true;
    }),
  ];
}
