/**
 * The guard-rail table (config/services/<key>.ts, `chart.rails`) against the values the components
 * build: it covers every chart and every hardening value, each install keeps its chart's contract,
 * and a team's extra values arrive beside Slipway's (the renders of chart-hardening.ts).
 */
import { CHART_RAILS } from "../../config/services";
import { isMap } from "../../config/chart-values";
import type { RenderResult } from "../../tools/harness/render-stack";
import { hasHelm, helm, helmInstalls, valueAt, values } from "../support/platform";
import { installContractProblems } from "../support/chart-contracts";
import { at } from "../support/stack";

/** Keys whose values are hardening of some kind, wherever a chart puts them. */
const HARDENING_KEYS = new Set([
  "resources",
  "securityContext",
  "podSecurityContext",
  "containerSecurityContext",
  "strategy",
  "updateStrategy",
  "podDisruptionBudget",
  "pdb",
  "replicas",
  "replicaCount",
  "topologySpreadConstraints",
  "leaderElect",
  "image",
]);

function paths(value: unknown, prefix: string[] = []): string[][] {
  return isMap(value) ? Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...paths(v, [...prefix, k])]) : [];
}

/** `extraPath(service)`: where the renders put an extra value for that service's chart. */
export function guardRailTableTests(
  renders: () => { dev: RenderResult; prod: RenderResult },
  extraPath: (service: string) => string,
): void {
  let dev: RenderResult;
  let prod: RenderResult;
  beforeAll(() => ({ dev, prod } = renders()));

  test("covers every chart: each is installed by one of the renders at least", () => {
    for (const { install } of Object.values(CHART_RAILS))
      expect([install, hasHelm(dev, install) || hasHelm(prod, install)]).toEqual([install, true]);
  });

  test("guards every hardening value the components set, so extra values cannot undo one", () => {
    for (const result of [dev, prod])
      for (const { install, rails } of Object.values(CHART_RAILS)) {
        if (!hasHelm(result, install)) continue;
        const guarded = Object.keys(rails).map((path) => path.split("."));
        const unguarded = paths(values(result, install))
          .filter((path) => HARDENING_KEYS.has(path.at(-1)!))
          .filter((path) => !guarded.some((rail) => rail.every((key, i) => path[i] === key)))
          .map((path) => path.join("."));
        expect([install, unguarded]).toEqual([install, []]);
      }
  });

  test("every install's values keep its chart's contract; a misspelt or mistyped value fails by service and path", () => {
    for (const result of [dev, prod])
      expect(helmInstalls(result).flatMap((install) => installContractProblems(install))).toEqual([]);
    const traefik = helm(prod, "traefik");
    const passed = values(prod, "traefik");
    const misspelt = { ...passed, deployment: { ...passed.deployment, replcas: 2 } };
    expect(installContractProblems(traefik, misspelt)).toEqual([
      "router traefik.values.deployment.replcas: not a value of chart traefik 37.3.0 (did you mean replicas?)",
    ]);
    const mistyped = { ...passed, deployment: { ...passed.deployment, replicas: "two" } };
    expect(installContractProblems(traefik, mistyped)).toEqual([
      "router traefik.values.deployment.replicas: refused by chart traefik 37.3.0's values.schema.json: must be integer",
    ]);
  });

  test("extra values reach each chart, merged beside Slipway's", () => {
    for (const [service, { install }] of Object.entries(CHART_RAILS)) {
      const result = hasHelm(prod, install) ? prod : dev;
      if (service !== "router")
        expect([install, at(values(result, install), extraPath(service))]).toEqual([
          install,
          { "example.com/extra": service },
        ]);
    }
    expect(valueAt(prod, "traefik", "deployment")).toEqual({
      replicas: 2,
      podAnnotations: { "example.com/team": "edge" },
    });
  });
}
