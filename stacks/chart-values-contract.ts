/**
 * `slipway:platform.<service>.values` against its chart's contract (stacks/chart-contracts/), at
 * config time: a key the chart does not define, a value its values.schema.json refuses, a number that
 * is not a number, each refused by its full key before anything is registered. Read here, with the
 * config, because the contracts are files beside the clone; a service given no values needs none.
 */
import { isMap, valuesPath } from "../config/chart-values";
import type { ConfigProblem } from "../config/errors";
import { SERVICE_KEYS, type ServiceKey } from "../config/services";
import type { ChartPin } from "../components/platform/charts";
import { INSTALLERS } from "../components/platform/installers";
import { chartContract } from "./chart-contracts/chart-contract";
import { contractProblems } from "./chart-contracts/contract-problems";

/** Each service's own chart (the first it installs). */
const ownChart = (service: ServiceKey): ChartPin => INSTALLERS[service].charts[0];

export function chartValuesContractProblems(platform: unknown, pinOf = ownChart): ConfigProblem[] {
  if (!isMap(platform)) return [];
  return SERVICE_KEYS.flatMap((service) => {
    const settings = platform[service];
    const values = isMap(settings) ? settings.values : undefined;
    if (!isMap(values) || Object.keys(values).length === 0) return [];
    const key = `slipway:platform.${service}.values`;
    const pin = pinOf(service);
    let contract;
    try {
      contract = chartContract(pin);
    } catch (error) {
      return [{ key, message: `cannot be checked: ${(error as Error).message}` }];
    }
    return contractProblems(contract, values, pin.freeForm).map(({ path, message }) => ({
      key: `${key}${valuesPath(path)}`,
      message,
    }));
  });
}
