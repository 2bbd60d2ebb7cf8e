import { CHARTS } from "../components/platform/installers";
import { chartContract } from "../stacks/chart-contracts/chart-contract";
test("t", () => {
  for (const pin of CHARTS) { const t = Date.now(); chartContract(pin); console.log(pin.chart, Date.now() - t); }
});
