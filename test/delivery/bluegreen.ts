import { at, find, ofType, render, T, webApp } from "../support/stack";

const webSelector = { "app.kubernetes.io/name": "api", "app.kubernetes.io/component": "web" };

function blueGreen(strategy: Record<string, unknown>, app: Record<string, unknown> = { domains: ["api.example.com"] }) {
  return render({
    environment: "prod",
    apps: { api: webApp({ replicas: 4, ...app, strategy: { type: "blueGreen", ...strategy } }) },
  });
}

describe("blue/green strategy", () => {
  test("promotion, scale-down delay and preview size come from config; the preview is smoke-tested; objects pass the CRD schema", async () => {
    const result = await blueGreen({ autoPromotion: false, scaleDownDelaySeconds: 120, previewReplicas: 1 });
    expect(result.schemaProblems).toEqual([]);
    expect(ofType(result, T.deployment)).toEqual([]);
    const bg = at(find(result, T.rollout, "api-web").inputs, "spec.strategy.blueGreen");
    expect(bg).toMatchObject({
      activeService: "api-active",
      previewService: "api-preview",
      autoPromotionEnabled: false,
      scaleDownDelaySeconds: 120,
      previewReplicaCount: 1,
    });
    // Without KPI analyses the preview is still smoke-tested: only the acceptance template, no Prometheus.
    expect(bg.prePromotionAnalysis).toEqual({ templates: [{ templateName: "api-preview-acceptance" }] });
    expect(ofType(result, T.analysisTemplate).map((t) => t.name)).toEqual(["api-preview-acceptance"]);
    // The app's healthcheck is tcp: the smoke check asks / and refuses only server errors and silence.
    const [smoke] = at(find(result, T.analysisTemplate, "api-preview-acceptance").inputs, "spec.metrics");
    const container = smoke.provider.job.spec.template.spec.containers[0];
    expect(container.env).toEqual([
      { name: "SLIPWAY_TARGET_URL", value: "http://api-preview.api.svc.cluster.local:80" },
    ]);
    expect(container.command[2]).toContain("for path in '/'; do");
    expect(container.command[2]).toContain('[ "$1" -ge 100 ] && [ "$1" -le 499 ]');
  });

  test("an app that opts out of acceptance checks and KPIs gets no pre-promotion analysis", async () => {
    const result = await blueGreen({ acceptance: { smoke: false } });
    expect(
      at(find(result, T.rollout, "api-web").inputs, "spec.strategy.blueGreen.prePromotionAnalysis"),
    ).toBeUndefined();
    expect(ofType(result, T.analysisTemplate)).toEqual([]);
  });

  test("the router sends traffic to the active colour; Argo Rollouts pins the active and preview Services", async () => {
    const result = await blueGreen({});
    expect(
      at(find(result, T.httpRoute, "api-route").inputs, "spec.rules").map((r: any) =>
        r.backendRefs.map((b: any) => b.name),
      ),
    ).toEqual([["api-active"]]);
    for (const name of ["api-active", "api-preview"]) {
      expect(at(find(result, T.service, name).inputs, "spec.selector")).toEqual(webSelector);
      expect(find(result, T.service, name).options.ignoreChanges).toEqual(["spec.selector"]);
    }
  });

  test("in-cluster callers reach only the active colour, and only once the Rollout has been checked", async () => {
    const result = await blueGreen({});
    const service = find(result, T.service, "api-web");
    expect(at(service.inputs, "metadata.name")).toBe("api");
    expect(at(service.inputs, "spec.selector")).toEqual({ ...webSelector, "slipway.dev/traffic": "active" });
    expect(at(find(result, T.rollout, "api-web").inputs, "spec.strategy.blueGreen.activeMetadata")).toEqual({
      labels: { "slipway.dev/traffic": "active" },
    });
    expect(service.options.dependsOn).toContain(find(result, T.job, "api-rollout-check").urn);
    expect(service.options.ignoreChanges).toEqual([]);
  });

  test("pre-promotion analysis measures the preview, reachable by header; post-promotion measures the active colour", async () => {
    const result = await blueGreen({
      prePromotionAnalysis: true,
      postPromotionAnalysis: true,
      analysis: { maxP99Ms: 300 },
    });
    const bg = at(find(result, T.rollout, "api-web").inputs, "spec.strategy.blueGreen");
    expect(bg.prePromotionAnalysis).toEqual({
      templates: [{ templateName: "api-preview-analysis" }, { templateName: "api-preview-acceptance" }],
    });
    expect(bg.postPromotionAnalysis).toEqual({ templates: [{ templateName: "api-active-analysis" }] });
    const backendOf = (name: string) =>
      at(find(result, T.analysisTemplate, name).inputs, "spec.metrics")[0].provider.prometheus.query.match(
        /service="([^"]+)"/,
      )[1];
    expect(backendOf("api-preview-analysis")).toBe("api-api-preview-http-80@kubernetesgateway");
    expect(backendOf("api-active-analysis")).toBe("api-api-active-http-80@kubernetesgateway");
    expect(
      at(find(result, T.analysisTemplate, "api-active-analysis").inputs, "spec.metrics")[1].successCondition,
    ).toContain("result[0] <= 300");

    const rules = at(find(result, T.httpRoute, "api-route").inputs, "spec.rules");
    expect(rules[0].matches[0].headers).toEqual([{ type: "Exact", name: "x-slipway-preview", value: "true" }]);
    expect(rules[0].backendRefs[0].name).toBe("api-preview");
    expect(rules[1].backendRefs[0].name).toBe("api-active");
    expect(result.schemaProblems).toEqual([]);
  });

  test("an app without a route can still switch colours in-cluster", async () => {
    const result = await blueGreen({}, { routable: false });
    const app = find(result, T.app, "api");
    expect(ofType(result, T.httpRoute).filter((r) => r.parent === app.urn)).toEqual([]);
    expect(find(result, T.rollout, "api-web")).toBeDefined();
    expect(at(find(result, T.service, "api-web").inputs, "spec.selector")["slipway.dev/traffic"]).toBe("active");
  });
});
