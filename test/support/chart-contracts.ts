/**
 * Every Helm install of a render against its chart's contract (stacks/chart-contracts/): the values
 * the installer passed, as the render captured them from the Release or Chart, named by service key.
 */
import { valuesPath, type ChartValues } from "../../config/chart-values";
import { CHARTS } from "../../components/platform/installers";
import { chartContract } from "../../stacks/chart-contracts/chart-contract";
import { contractProblems } from "../../stacks/chart-contracts/contract-problems";
import type { Registration } from "../../tools/harness/mock-engine";

/** One line per problem: `<service> <install>.values<path>: <message>`. */
export function installContractProblems(
  install: Registration,
  values = install.inputs.values as ChartValues,
): string[] {
  const { chart, version } = install.inputs as { chart: string; version: string };
  const pin = CHARTS.find((pinned) => pinned.chart === chart && pinned.version === version);
  if (!pin) return [`${install.name}: chart ${chart} ${version} is not a pin of any service`];
  return contractProblems(chartContract(pin), values, pin.freeForm).map(
    ({ path, message }) => `${pin.service} ${install.name}.values${valuesPath(path)}: ${message}`,
  );
}
