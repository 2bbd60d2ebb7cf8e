/**
 * Extra chart values (`slipway:platform.<service>.values`) are refused, by key, wherever they would
 * write over a value Slipway sets on purpose (config/services/<key>.ts, `chart.rails`): at the value itself, inside
 * it, or at a map that holds it (a list, scalar or null there replaces the whole map). The chart's
 * own keys and schema are checked beside the config, where its files are read:
 * stacks/chart-values-contract.ts.
 */
import { GUARD_RAILS, type Rail } from "./chart-guard-rails";
import { CHART_RAILS, type ChartService } from "./services";
import { isMap, valuesPath, writtenPaths, type ChartValues } from "./chart-values";
import type { ConfigProblem } from "./errors";
import type { PlatformConfig } from "./platform";

const P = "slipway:platform";

interface Railed {
  path: string;
  keys: string[];
  rail: Rail;
}

function railsOf(service: ChartService): Railed[] {
  return Object.entries(CHART_RAILS[service].rails).map(([path, rail]) => ({ path, keys: path.split("."), rail }));
}

/** Whether one path holds the other (or both are the same). */
function overlaps(a: readonly string[], b: readonly string[]): boolean {
  return a.slice(0, Math.min(a.length, b.length)).every((key, i) => key === b[i]);
}

function refusal(service: ChartService, { path, rail }: Railed, others: number): string {
  const { install, source } = CHART_RAILS[service];
  const what =
    rail.kind === "managed"
      ? `would override a value Slipway manages: ${install}'s ${path} (${rail.why}; set in ${source})`
      : `would undo a guard-rail Slipway sets: ${install}'s ${path} holds ${GUARD_RAILS[rail.kind]} (set in ${source})`;
  const also = others > 0 ? `, and ${others} more such value${others === 1 ? "" : "s"} under this key` : "";
  const remedy = rail.typed ? `it follows ${P}.${rail.typed}: set that instead` : "it cannot be overridden";
  return `${what}${also}; ${remedy}`;
}

/** One problem per extra value that overlaps a guarded path, naming its full key. */
export function chartValuesProblems(platform: PlatformConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const service of Object.keys(CHART_RAILS) as ChartService[]) {
    const rails = railsOf(service);
    for (const written of writtenPaths(platform[service].values)) {
      const hits = rails.filter((railed) => overlaps(railed.keys, written));
      if (hits.length > 0)
        problems.push({
          key: `${P}.${service}.values${valuesPath(written)}`,
          message: refusal(service, hits[0], hits.length - 1),
        });
    }
  }
  return problems;
}

function valueAt(values: ChartValues, keys: readonly string[]): unknown {
  let node: unknown = values;
  for (const key of keys) node = isMap(node) && Object.hasOwn(node, key) ? node[key] : undefined;
  return node;
}

/** The guarded paths a component's values leave unset: the table no longer describes that component. */
export function unsetRails(service: ChartService, values: ChartValues): string[] {
  return railsOf(service)
    .filter(({ keys }) => valueAt(values, keys) === undefined)
    .map(({ path }) => path);
}
