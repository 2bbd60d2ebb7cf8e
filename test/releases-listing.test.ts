import type { UpdateSummary } from "@pulumi/pulumi/automation";
import { formatReleases, releaseRows } from "../tools/release-history/listing";
import { PAGE_SIZE, readHistory } from "../tools/release-history/read-history";
import { runReleases } from "../tools/release-history/releases-run";
import { loadHistory, SECRET_VALUES } from "./support/history";

const plain = loadHistory("history-prod.json");
const withSecrets = loadHistory("history-prod-with-secrets.json");

function rowFor(history: UpdateSummary[], v: number) {
  return releaseRows(history).find((row) => row.version === v)!;
}

/** The listing's detail lines under one version. */
function detailsOf(lines: string[], v: number): string[] {
  const start = lines.findIndex((line) => line.startsWith(`v${v} `));
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => /^v\d+ /.test(line));
  return (end === -1 ? rest : rest.slice(0, end)).map((line) => line.trim());
}

describe("releases listing", () => {
  test("lists every update newest first, refreshes and failures included", () => {
    expect(releaseRows(plain).map((r) => `v${r.version} ${r.kind} ${r.result}`)).toEqual([
      "v15 refresh succeeded",
      "v14 update succeeded",
      "v13 update failed",
      "v12 update succeeded",
      "v11 update succeeded",
      "v10 update succeeded",
      "v9 update succeeded",
    ]);
  });

  test("each row says when, who or what ran it, from which commit, and why", () => {
    expect(rowFor(plain, 14)).toMatchObject({
      time: "2025-03-11 16:02Z",
      trigger: "GitHub Actions push #812",
      author: "Dana Lee",
      commit: "f00dfac",
      message: "storefront 1.5.1: retry checkout, add search",
    });
    expect(rowFor(plain, 11)).toMatchObject({ trigger: "cli", author: "Sam Ortiz", commit: "8c1f2e3+dirty" });
    expect(rowFor(plain, 9)).toMatchObject({ commit: undefined, author: undefined });
    const lines = formatReleases("prod", releaseRows(plain));
    expect(lines.find((l) => l.startsWith("v9 "))).toContain("no commit");
    expect(lines.find((l) => l.startsWith("v13 "))).toMatch(
      /update\s+failed\s+GitHub Actions push #811 · Dana Lee\s+d4e5f6a\s+storefront 1\.5\.0: new checkout flow/,
    );
  });

  test("names the apps whose image or config changed against the previous update", () => {
    const lines = formatReleases("prod", releaseRows(plain));
    // v14 follows v13, a failed update: the comparison is with what v13 tried to apply.
    expect(detailsOf(lines, 14)).toEqual([
      "search: added (ghcr.io/acme/search:0.1.0)",
      "storefront: image 1.5.0 → 1.5.1",
    ]);
    expect(detailsOf(lines, 13)).toEqual([
      "storefront: image 1.4.1 → 1.5.0",
      "storefront: config env.FEATURE_NEW_CHECKOUT",
    ]);
    expect(detailsOf(lines, 12)).toEqual(["catalog-api: config env.CACHE_TTL_SECONDS"]);
    expect(detailsOf(lines, 11)).toEqual(["billing-worker: config processes.scheduler"]);
    expect(detailsOf(lines, 10)).toEqual(["no visible config change"]);
    expect(detailsOf(lines, 9)).toEqual(["first update in the history"]);
    expect(detailsOf(lines, 15)).toEqual([]);
  });

  test("history read without secrets: secret changes are declared unknown, not reported as none", () => {
    const lines = formatReleases("prod", releaseRows(plain));
    expect(lines[1]).toBe("Not compared (secret, history is read without values): slipway:secrets");
    expect(lines.join("\n")).not.toMatch(/STRIPE_API_KEY|secrets /);
  });

  test("secret values never appear, even when the history carries them; names do", () => {
    const text = formatReleases("prod", releaseRows(withSecrets)).join("\n");
    for (const secret of SECRET_VALUES) expect(text).not.toContain(secret);
    const lines = text.split("\n");
    expect(detailsOf(lines, 13)).toContain("storefront: secrets STRIPE_API_KEY (changed)");
    expect(detailsOf(lines, 14)).toContain("storefront: secrets RECAPTCHA_SECRET (added)");
  });

  test("npm run releases reads history without secrets, page by page", async () => {
    const calls: unknown[][] = [];
    const out: string[] = [];
    // The fake hands back secret values anyway: the listing must still not print them.
    const stack = { history: async (...args: unknown[]) => (calls.push(args), withSecrets), outputs: async () => ({}) };
    await runReleases("prod", "/repo", async () => stack as never, {
      log: (l) => out.push(l),
      stream: () => undefined,
    });
    expect(calls).toEqual([[PAGE_SIZE, 1, false]]);
    for (const secret of SECRET_VALUES) expect(out.join("\n")).not.toContain(secret);
    expect(out[0]).toBe("Releases of stack prod, newest first. Secret values are never shown.");
  });
});

describe("the platform's images in the listing", () => {
  const CERT = `quay.io/jetstack/cert-manager-controller:v1.19.3@sha256:${"c".repeat(64)}`;
  const MOCK = `quay.io/jetstack/cert-manager-controller:v1.19.3@sha256:${"0".repeat(16)}${"d".repeat(48)}`;
  const BIT = `cr.fluentbit.io/fluent/fluent-bit:3.2.1@sha256:${"e".repeat(64)}`;

  test("newest set in full, then what each older update ran instead; a mock digest is labelled", async () => {
    const out: string[] = [];
    const platformHistory = [
      { images: { certManager: { controller: CERT }, logging: { fluentBit: BIT } } },
      { images: { certManager: { controller: MOCK } } },
    ];
    const stack = {
      history: async () => plain,
      outputs: async () => ({ platformHistory: { value: platformHistory } }),
    };
    await runReleases("prod", "/repo", async () => stack as never, {
      log: (l) => out.push(l),
      stream: () => undefined,
    });
    const from = out.findIndex((line) => line.startsWith("Platform images, newest first"));
    expect(out.slice(from + 1)).toEqual([
      "  now:",
      `      certManager.controller: ${CERT}`,
      `      logging.fluentBit: ${BIT}`,
      "  1 before: instead ran",
      `      certManager.controller: ${MOCK} (mock digest)`,
      "      logging.fluentBit: not run",
    ]);
  });

  test("a stack whose outputs hold no platform history (an apps stack, an older update) lists none", async () => {
    const out: string[] = [];
    const stack = { history: async () => plain, outputs: async () => ({}) };
    await runReleases("prod", "/repo", async () => stack as never, {
      log: (l) => out.push(l),
      stream: () => undefined,
    });
    expect(out.some((line) => line.startsWith("Platform images"))).toBe(false);
  });
});

describe("reading history across pages", () => {
  const updates = (from: number, to: number) =>
    Array.from({ length: from - to + 1 }, (_, i) => ({ ...plain[1], version: from - i }));

  test("walks pages until one comes back short", async () => {
    const pages = [updates(250, 151), updates(150, 51), updates(50, 1)];
    const seen: number[] = [];
    const history = await readHistory({ history: async (_size, page) => (seen.push(page), pages[page - 1]) }, false);
    expect(seen).toEqual([1, 2, 3]);
    expect(history.map((u) => u.version)).toEqual(Array.from({ length: 250 }, (_, i) => 250 - i));
  });

  test("stops when a backend ignores paging and repeats the same page", async () => {
    const page = updates(100, 1);
    let calls = 0;
    const history = await readHistory({ history: async () => (calls++, page) }, false);
    expect(calls).toBe(2);
    expect(history).toHaveLength(100);
  });

  test("stops at the page holding the update a rollback needs", async () => {
    const pages = [updates(250, 151), updates(150, 51), updates(50, 1)];
    const seen: number[] = [];
    await readHistory(
      { history: async (_size, page) => (seen.push(page), pages[page - 1]) },
      true,
      (u) => u.version === 140,
    );
    expect(seen).toEqual([1, 2]);
  });
});
