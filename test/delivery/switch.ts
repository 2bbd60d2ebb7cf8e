import type { RenderResult } from "../../tools/harness/render-stack";
import { at, find, render, renderAfter, T, webApp } from "../support/stack";

function withStrategy(strategy?: Record<string, unknown>) {
  return {
    environment: "prod",
    apps: {
      shop: webApp({ domains: ["shop.example.com"], autoscale: { min: 2, max: 6 }, ...(strategy ? { strategy } : {}) }),
    },
  };
}

const urns = (result: RenderResult) => new Set(result.resources.map((r) => r.urn));
const webSelector = { "app.kubernetes.io/name": "shop", "app.kubernetes.io/component": "web" };

describe("switching strategies", () => {
  let rolling: RenderResult;
  let canary: RenderResult;
  let back: RenderResult;
  beforeAll(async () => {
    rolling = await render(withStrategy());
    canary = await renderAfter(rolling, withStrategy({ type: "canary" }));
    back = await renderAfter(canary, withStrategy({ type: "rolling" }));
  });

  test("only the workload changes kind; the app's Service, autoscaler, budget and route are updated in place", () => {
    for (const [type, name] of [
      [T.service, "shop-web"],
      [T.hpa, "shop-web"],
      [T.pdb, "shop-web"],
      [T.httpRoute, "shop-route"],
    ]) {
      expect(find(canary, type, name).urn).toBe(find(rolling, type, name).urn);
    }
    expect(urns(canary).has(find(rolling, T.deployment, "shop-web").urn)).toBe(false);
    expect(find(canary, T.rollout, "shop-web")).toBeDefined();
  });

  test("traffic keeps flowing to the old pods until the new workload is ready", () => {
    // The app's Service keeps selecting every web pod and is only touched once the Rollout is checked.
    const service = find(canary, T.service, "shop-web");
    expect(at(service.inputs, "spec.selector")).toEqual(webSelector);
    expect(service.options.dependsOn).toContain(find(canary, T.job, "shop-rollout-check").urn);
    // The route moves to Services that exist first and, until Argo pins them, select the old pods too.
    const route = find(canary, T.httpRoute, "shop-route");
    for (const name of ["shop-stable", "shop-canary"]) {
      const service = find(canary, T.service, name);
      expect(route.options.dependsOn).toContain(service.urn);
      expect(at(service.inputs, "spec.selector")).toEqual(webSelector);
    }
  });

  test("switching back leaves nothing of the canary behind and nothing Argo Rollouts ever steered", () => {
    expect(urns(back)).toEqual(urns(rolling));
    expect(find(back, T.service, "shop-web").options.ignoreChanges).toEqual([]);
    expect(find(back, T.service, "shop-web").options.dependsOn).toContain(find(back, T.deployment, "shop-web").urn);
    expect(
      at(find(back, T.httpRoute, "shop-route").inputs, "spec.rules")[0].backendRefs.map((b: any) => b.name),
    ).toEqual(["shop"]);
  });

  test("to blue/green, in-cluster callers move to the active colour only after the Rollout is checked", async () => {
    const blueGreen = await renderAfter(rolling, withStrategy({ type: "blueGreen" }));
    const service = find(blueGreen, T.service, "shop-web");
    expect(service.urn).toBe(find(rolling, T.service, "shop-web").urn);
    expect(at(service.inputs, "spec.selector")).toEqual({ ...webSelector, "slipway.dev/traffic": "active" });
    expect(service.options.dependsOn).toContain(find(blueGreen, T.job, "shop-rollout-check").urn);
  });

  test("a new workload starts at the autoscaler's minimum and leaves the count to it afterwards", () => {
    for (const [result, type] of [
      [rolling, T.deployment],
      [canary, T.rollout],
    ] as const) {
      const workload = find(result, type, "shop-web");
      expect(at(workload.inputs, "spec.replicas")).toBe(2);
      expect(workload.options.ignoreChanges).toEqual(["spec.replicas"]);
    }
  });
});
