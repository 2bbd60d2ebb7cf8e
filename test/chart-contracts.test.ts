/**
 * Chart contracts (stacks/chart-contracts/): every pinned chart has its contract at exactly its
 * version, values are coalesced over the chart's defaults as Helm coalesces them, and
 * `slipway:platform.<service>.values` is refused by key, before anything is registered, where the
 * chart does not define a key, its values.schema.json refuses a value, or a number is not a number.
 * What installers pass is checked on every committed stack's render (support/committed-stack.ts)
 * and on renders of every chart (platform-services/chart-hardening.ts).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { CHARTS } from "../components/platform/installers";
import { ROUTER_CHART } from "../components/platform/services/router";
import { chartContract, CONTRACTS_DIR, contractFolder } from "../stacks/chart-contracts/chart-contract";
import { chartDefaults, coalescedValues, type HelmChart } from "../stacks/chart-contracts/helm-coalesce";
import { contractProblems, segments } from "../stacks/chart-contracts/contract-problems";
import { chartValuesContractProblems } from "../stacks/chart-values-contract";
import { platformStack } from "./support/platform";
import { rejected, rejectedInput, stackInput, type ConfigObject } from "./support/stack";

describe("every chart pin has its contract", () => {
  test.each(CHARTS.map((pin) => [`${pin.service}: ${pin.chart} ${pin.version}`, pin] as const))("%s", (_, pin) => {
    // The folder is derived from the pin: a bumped version reads another folder.
    expect(existsSync(join(CONTRACTS_DIR, contractFolder(pin), "Chart.yaml"))).toBe(true);
    const contract = chartContract(pin);
    expect(contract.chart.name).toBe(pin.chart.split("/").at(-1));
    expect(Object.keys(contract.defaults).length).toBeGreaterThan(0);
  });

  test("each free-form path beside a pin is under a map the chart defines (a renamed key leaves none behind)", () => {
    const mapsAt = (value: unknown, keys: string[]): unknown[] => {
      if (keys.length === 0) return [value];
      if (value === null || typeof value !== "object" || Array.isArray(value)) return [];
      const [key, ...rest] = keys;
      const next = key === "*" ? Object.values(value) : key in value ? [(value as Record<string, unknown>)[key]] : [];
      return next.flatMap((child) => mapsAt(child, rest));
    };
    for (const pin of CHARTS)
      for (const path of Object.keys(pin.freeForm ?? {})) {
        const keys = segments(path);
        const holders = mapsAt(chartContract(pin).defaults, keys.slice(0, -1));
        expect([pin.chart, path, holders.some((holder) => holder !== null && typeof holder === "object")]).toEqual([
          pin.chart,
          path,
          true,
        ]);
      }
  });

  test("each chart's own defaults keep its schema, so extra values can be checked over them alone", () => {
    for (const pin of CHARTS) expect([pin.chart, contractProblems(chartContract(pin), {})]).toEqual([pin.chart, []]);
  });

  test("a pin bumped without its contract fails, naming the folder to place", () => {
    expect(() => chartContract({ ...ROUTER_CHART, version: "37.4.0" })).toThrow(
      "chart traefik 37.4.0 has no contract: ../shared/upstream/charts/traefik-37.4.0/",
    );
  });

  test("values given to a chart whose contract is absent are refused by key: they cannot be checked", () => {
    // Only the router is given values: its pin bumped past the placed contract.
    const bumped = () => ({ ...ROUTER_CHART, version: "37.4.0" });
    expect(chartValuesContractProblems({ router: { values: { logs: {} } } }, bumped)).toEqual([
      {
        key: "slipway:platform.router.values",
        message:
          "cannot be checked: chart traefik 37.4.0 has no contract: ../shared/upstream/charts/traefik-37.4.0/ (Chart.yaml, values.yaml and values.schema.json where the chart publishes one) must hold its files at that version",
      },
    ]);
  });

  test("charts that publish values.schema.json are validated by it; the others by their keys only", () => {
    const withSchema = CHARTS.filter((pin) => chartContract(pin).hasSchema).map((pin) => pin.chart);
    // Read in ../shared/upstream/charts/: the folders that hold a values.schema.json.
    expect(withSchema.sort()).toEqual(["cert-manager", "external-dns", "external-secrets", "traefik", "traefik-crds"]);
  });
});

describe("values coalesced as Helm coalesces them (helm/helm v3.20.2 pkg/chartutil/coalesce.go)", () => {
  const sub: HelmChart = { name: "sub", values: { port: 80, labels: { a: "1" }, global: { g: 1 } }, dependencies: [] };
  const chart: HelmChart = {
    name: "top",
    values: {
      replicas: 1,
      args: ["--a", "--b"],
      service: { type: "ClusterIP", port: 80 },
      sub: { labels: { b: "2" } },
    },
    dependencies: [sub],
  };

  test("maps merge, lists and scalars replace, null deletes the default", () => {
    expect(coalescedValues(chart, { args: ["--c"], service: { port: null, extra: true }, replicas: null })).toEqual({
      args: ["--c"],
      service: { type: "ClusterIP", extra: true },
      sub: { port: 80, labels: { a: "1", b: "2" }, global: { g: 1 } },
    });
  });

  test("a null for a subchart's value survives the parent and deletes the subchart's own default", () => {
    expect(coalescedValues(chart, { sub: { port: null, labels: { a: null } } }).sub).toEqual({
      labels: { b: "2" },
      global: { g: 1 },
    });
    // A default only the parent's values.yaml gives the subchart is not the subchart's own: the null stays.
    expect(coalescedValues(chart, { sub: { labels: { b: null } } }).sub).toMatchObject({ labels: { a: "1", b: null } });
  });

  test("globals pass down to subcharts; the defaults tree keeps every key and null", () => {
    expect(coalescedValues(chart, { global: { region: "eu" } }).sub).toMatchObject({ global: { g: 1, region: "eu" } });
    expect(chartDefaults({ ...chart, values: { ...chart.values, optional: null } })).toMatchObject({
      optional: null,
      sub: { port: 80, labels: { a: "1", b: "2" } },
    });
  });
});

describe("slipway:platform.<service>.values against the chart's contract, by key, before anything is registered", () => {
  async function refusals(platform: ConfigObject): Promise<string[]> {
    const { messages, registered } = await rejected(platformStack(platform, "prod"));
    expect(registered).toEqual([]);
    return messages;
  }

  test("a key the chart does not define, with the key it probably meant", async () => {
    expect(
      await refusals({ monitoring: { values: { prometheus: { prometheusSpec: { retentoin: "30d" } } } } }),
    ).toEqual([
      "slipway:platform.monitoring.values.prometheus.prometheusSpec.retentoin: not a value of chart kube-prometheus-stack 78.3.2 (did you mean retention?)",
    ]);
    expect(await refusals({ metricsServer: { values: { "example.com/x": 1 } } })).toEqual([
      'slipway:platform.metricsServer.values["example.com/x"]: not a value of chart metrics-server 3.13.0',
    ]);
  });

  test("a value the chart's values.schema.json refuses (traefik 2020-12, cert-manager draft-07)", async () => {
    expect(await refusals({ router: { values: { logs: { access: { enabled: "yes" } } } } })).toEqual([
      "slipway:platform.router.values.logs.access.enabled: refused by chart traefik 37.3.0's values.schema.json: must be boolean",
    ]);
    expect(await refusals({ certManager: { values: { webhook: { timeoutSeconds: "ten" } } } })).toEqual([
      "slipway:platform.certManager.values.webhook.timeoutSeconds: refused by chart cert-manager v1.19.3's values.schema.json: must be number",
    ]);
  });

  test("a chart without a schema: a value of another kind than its default (map, list, single value)", async () => {
    expect(await refusals({ monitoring: { values: { alertmanager: { config: "route: {}" } } } })).toEqual([
      "slipway:platform.monitoring.values.alertmanager.config: expected a map, as chart kube-prometheus-stack 78.3.2's default is (the chart publishes no values.schema.json: each value's kind is checked against its default's)",
    ]);
  });

  test("free-form paths beside the pin take any key; the schema still checks what is under them", async () => {
    const { messages } = await rejected(
      platformStack(
        { router: { values: { deployment: { podAnnotations: { "example.com/team": "edge" } }, logs: 3 } } },
        "prod",
      ),
    );
    expect(messages).toEqual([
      "slipway:platform.router.values.logs: refused by chart traefik 37.3.0's values.schema.json: must be object",
    ]);
  });

  test("numbers that are not numbers: null over a number default (what .inf, .nan, 1e400 become), and Infinity", async () => {
    expect(await refusals({ metricsServer: { values: { containerPort: null } } })).toEqual([
      "slipway:platform.metricsServer.values.containerPort: null deletes chart metrics-server 3.13.0's default 10250, and is what .inf, .nan and 1e400 become on the way in: write a finite number",
    ]);
    expect(
      await refusals({ router: { values: { deployment: { podAnnotations: { "example.com/team": null } } } } }),
    ).toEqual([
      'slipway:platform.router.values.deployment.podAnnotations["example.com/team"]: null deletes nothing here (chart traefik 37.3.0 has no default at this key), and is what .inf, .nan and 1e400 become on the way in: write a value or leave the key out',
    ]);
    // As the engine hands a stack's config to the program: JSON text, where 1e400 parses to Infinity.
    const input = stackInput(platformStack({}, "prod"));
    const platform = '{"metricsServer":{"values":{"containerPort":1e400}}}';
    const { messages, registered } = await rejectedInput({
      ...input,
      config: { ...input.config, "slipway:platform": platform },
    });
    expect(messages).toEqual([
      "slipway:platform.metricsServer.values.containerPort: expected JSON data (a string, finite number, boolean, null, list or map), got Infinity",
    ]);
    expect(registered).toEqual([]);
  });

  test("a null over a map or a string default still deletes it, as Helm lets a values file do", () => {
    expect(
      chartValuesContractProblems({ metricsServer: { values: { priorityClassName: null, podAnnotations: null } } }),
    ).toEqual([]);
  });
});
