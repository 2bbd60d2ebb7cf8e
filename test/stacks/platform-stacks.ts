/** The dev and prod example stacks as platforms: pinned charts, guard-rails, ordering, and determinism. */
import { CHARTS } from "../../components/platform/installers";
import type { RenderResult } from "../../tools/harness/render-stack";
import { H, helm, helmInstalls, railed, values } from "../support/platform";
import { at, committedRender, ofType, renderStackFile, T } from "../support/stack";

let dev: RenderResult;
let prod: RenderResult;

beforeAll(async () => {
  dev = await committedRender("dev");
  prod = await committedRender("prod");
});

describe("the example stacks", () => {
  test("both render cleanly: every object validates against its schema", () => {
    expect(dev.schemaProblems).toEqual([]);
    expect(prod.schemaProblems).toEqual([]);
  });

  test("every Helm install is one of the pinned charts, at its pinned version and repository", () => {
    const pins = CHARTS;
    for (const install of helmInstalls(prod)) {
      const { chart, version } = install.inputs;
      const pin = pins.find((p) => p.chart === chart);
      expect([install.name, version, at(install.inputs, "repositoryOpts.repo")]).toEqual([
        install.name,
        pin?.version,
        pin?.repo || undefined,
      ]);
      expect(version).toMatch(/^v?\d+\.\d+\.\d+$/);
    }
  });

  test("each service runs in its own namespace, created before its install", () => {
    const namespaces = new Map(ofType(prod, T.namespace).map((ns) => [at(ns.inputs, "metadata.name"), ns.urn]));
    const byNamespace = new Map<string, string[]>();
    for (const install of helmInstalls(prod)) {
      const ns = install.inputs.namespace as string;
      expect([install.name, install.options.dependsOn]).toEqual([
        install.name,
        expect.arrayContaining([namespaces.get(ns)]),
      ]);
      byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), install.name]);
    }
    // CRD releases share their controller's namespace; no two services share one.
    expect([...byNamespace.values()].map((names) => names.sort())).toEqual(
      expect.arrayContaining([
        ["gateway-api-crds", "traefik"],
        ["karpenter", "karpenter-crd"],
      ]),
    );
    expect([...byNamespace.values()].filter((names) => names.length > 1)).toHaveLength(2);
  });

  test("every platform pod has CPU and memory requests", () => {
    // Where each chart takes them: the resources guard-rails of config/services/<key>.ts.
    for (const result of [dev, prod]) {
      expect(railed(result, "resources").length).toBeGreaterThan(10);
      for (const [install, path] of railed(result, "resources")) {
        expect([install, path, at(values(result, install), path)?.requests]).toEqual([
          install,
          path,
          { cpu: expect.any(String), memory: expect.any(String) },
        ]);
      }
    }
  });

  test("prod runs every controller that supports it with two replicas and a disruption budget", () => {
    const ha: Array<[string, string, string]> = [
      ["traefik", "deployment.replicas", "podDisruptionBudget.enabled"],
      ["cert-manager", "replicaCount", "podDisruptionBudget.enabled"],
      ["metrics-server", "replicas", "podDisruptionBudget.enabled"],
      ["kube-prometheus-stack", "prometheus.prometheusSpec.replicas", "prometheus.podDisruptionBudget.enabled"],
      ["kube-prometheus-stack", "alertmanager.alertmanagerSpec.replicas", "alertmanager.podDisruptionBudget.enabled"],
      ["argo-rollouts", "controller.replicas", "controller.pdb.enabled"],
    ];
    for (const [install, replicas, pdb] of ha) {
      expect([install, at(values(prod, install), replicas), at(values(prod, install), pdb)]).toEqual([
        install,
        2,
        true,
      ]);
      expect([install, at(values(dev, install), replicas)]).toEqual([install, 1]);
    }
    expect(values(prod, "karpenter")).toMatchObject({ replicas: 2, podDisruptionBudget: { maxUnavailable: 1 } });
    expect(values(prod, "aws-load-balancer-controller")).toMatchObject({
      replicaCount: 2,
      podDisruptionBudget: { maxUnavailable: 1 },
    });
  });

  test("apps wait for the platform: Gateway API CRDs, the Gateway, Rollouts and Prometheus Operator CRDs", () => {
    const needed = [
      helm(prod, "gateway-api-crds").urn,
      helm(prod, "argo-rollouts").urn,
      helm(prod, "kube-prometheus-stack").urn,
      prod.resources.find((r) => r.type === H.gateway)!.urn,
    ];
    const appResources = prod.resources.filter(
      (r) => r.custom && r.type.startsWith("kubernetes:") && r.parent?.includes("slipway:app:App"),
    );
    expect(appResources.length).toBeGreaterThan(10);
    const byUrn = new Map(prod.resources.map((r) => [r.urn, r]));
    const waitsFor = (urn: string, seen = new Set<string>()): Set<string> => {
      for (const dep of byUrn.get(urn)?.options.dependsOn ?? [])
        if (!seen.has(dep)) {
          seen.add(dep);
          waitsFor(dep, seen);
        }
      return seen;
    };
    for (const resource of appResources)
      expect([resource.name, [...waitsFor(resource.urn)]]).toEqual([resource.name, expect.arrayContaining(needed)]);
  });

  test("the same config gives byte-identical platform inputs", async () => {
    const again = await renderStackFile("prod");
    expect(JSON.stringify(again.resources)).toBe(JSON.stringify(prod.resources));
  });
});
