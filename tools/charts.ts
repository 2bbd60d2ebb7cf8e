/**
 * `npm run charts -- pull|list [--cache <dir>] [--digest <chart>=<sha256>,…]`: fills the chart cache the
 * offline render expands charts from (pull, which needs the chart repositories), or shows each pin, its
 * recorded digest and whether the cache holds it (list). Exit codes: 0 done; 1 a chart was refused or
 * failed (every chart is still tried); 2 a usage error.
 */
import { CHARTS } from "../components/platform/installers";
import { ChartCache } from "./charts/cache";
import { expectedDigest } from "./charts/digests";
import { httpFetch, pullCharts } from "./charts/pull";
import { runCommand } from "./cli";
import { chartsCommand, type ChartsOptions } from "./commands";

function list(cache: ChartCache, given: Record<string, string>): number {
  for (const pin of CHARTS) {
    const expected = expectedDigest(pin, given);
    const sha256 = "sha256" in expected ? expected.sha256 : cache.pinnedDigest(pin.chart, pin.version);
    const state = sha256 && cache.holds(sha256) ? `cached ${cache.packagePath(sha256)}` : "not cached";
    const digest = "sha256" in expected ? `sha256 ${expected.sha256}` : expected.refused;
    console.log(`${pin.chart} ${pin.version} (${pin.repo || "OCI"}, ${pin.service}): ${digest}; ${state}`);
  }
  return 0;
}

async function charts({ action, cache: dir, digests }: ChartsOptions): Promise<number> {
  const cache = new ChartCache(dir);
  if (action === "list") return list(cache, digests);
  const outcomes = await pullCharts(CHARTS, cache, httpFetch, digests);
  for (const o of outcomes) console.log(`${o.outcome.padEnd(7)} ${o.chart} ${o.version}: ${o.detail}`);
  return outcomes.some((o) => o.outcome === "refused" || o.outcome === "failed") ? 1 : 0;
}

runCommand(chartsCommand, charts);
