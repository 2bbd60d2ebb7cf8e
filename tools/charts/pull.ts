/**
 * `npm run charts -- pull`: fetches every pinned chart package from its Helm repository (index.yaml,
 * then the package URL it lists), checks the package's sha256 against the digest the pin records and
 * against the index's own `digest:`, and stores it in the chart cache. Every pin is tried; each gets
 * one outcome. The fetcher is injected: the tool passes a real HTTP GET, tests a table of bytes.
 */
import { parse } from "yaml";
import type { ChartPin } from "../../components/platform/charts";
import { sha256Of, type ChartCache } from "./cache";
import { expectedDigest } from "./digests";

export type Fetcher = (url: string) => Promise<Uint8Array>;

export interface PullOutcome {
  chart: string;
  version: string;
  outcome: "cached" | "pulled" | "refused" | "failed";
  detail: string;
}

interface IndexEntry {
  version?: unknown;
  digest?: unknown;
  urls?: unknown;
}

/** The package URL and digest the repository's index.yaml lists for the pinned version. */
async function indexEntry(pin: ChartPin, fetch: Fetcher): Promise<{ url: string; digest?: string }> {
  const base = pin.repo.endsWith("/") ? pin.repo : `${pin.repo}/`;
  const index = parse(Buffer.from(await fetch(new URL("index.yaml", base).href)).toString("utf8"), {
    maxAliasCount: -1,
  }) as { entries?: Record<string, IndexEntry[]> };
  const entry = index.entries?.[pin.chart]?.find((e) => e.version === pin.version);
  const url = Array.isArray(entry?.urls) ? entry.urls[0] : undefined;
  if (typeof url !== "string") throw new Error(`${base}index.yaml lists no package for ${pin.chart} ${pin.version}`);
  // Helm resolves a relative package URL against the repository URL (helm/helm v3.20.2 pkg/repo/chartrepo.go ResolveReferenceURL).
  return { url: new URL(url, base).href, digest: typeof entry?.digest === "string" ? entry.digest : undefined };
}

async function pullOne(
  pin: ChartPin,
  cache: ChartCache,
  fetch: Fetcher,
  given: Readonly<Record<string, string>>,
): Promise<PullOutcome> {
  const at = { chart: pin.chart, version: pin.version };
  if (!pin.repo) return { ...at, outcome: "refused", detail: "an OCI chart: pull fetches only from Helm repositories" };
  const expected = expectedDigest(pin, given);
  if ("refused" in expected) return { ...at, outcome: "refused", detail: expected.refused };
  if (cache.holds(expected.sha256)) {
    cache.recordPin(pin.chart, pin.version, expected.sha256);
    return { ...at, outcome: "cached", detail: cache.packagePath(expected.sha256) };
  }
  try {
    const entry = await indexEntry(pin, fetch);
    if (entry.digest !== undefined && entry.digest !== expected.sha256)
      throw new Error(`the repository's index.yaml states digest ${entry.digest}, the pin ${expected.sha256}`);
    const bytes = await fetch(entry.url);
    if (sha256Of(bytes) !== expected.sha256)
      throw new Error(`${entry.url} has sha256 ${sha256Of(bytes)}, the pin ${expected.sha256}`);
    const path = cache.store(bytes, expected.sha256);
    cache.recordPin(pin.chart, pin.version, expected.sha256);
    return { ...at, outcome: "pulled", detail: `${entry.url} → ${path}` };
  } catch (error) {
    return { ...at, outcome: "failed", detail: (error as Error).message };
  }
}

export async function pullCharts(
  pins: readonly ChartPin[],
  cache: ChartCache,
  fetch: Fetcher,
  given: Readonly<Record<string, string>> = {},
): Promise<PullOutcome[]> {
  const outcomes: PullOutcome[] = [];
  for (const pin of pins) outcomes.push(await pullOne(pin, cache, fetch, given));
  return outcomes;
}

/** A real HTTP GET: the body on a 2xx, else an error naming the URL and the status. */
export const httpFetch: Fetcher = async (url) => {
  const response = await fetch(url, { redirect: "follow" });
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
};
