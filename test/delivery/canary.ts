import { validateObject } from "../../tools/harness/k8s-schema";
import { verdict } from "../support/analysis";
import { at, find, ofType, render, T, webApp } from "../support/stack";
import { PROMETHEUS_URL } from "../../components/platform/services/monitoring";

const config = {
  environment: "prod",
  apps: {
    shop: webApp({
      domains: ["shop.example.com"],
      processes: { web: { autoscale: { min: 3, max: 9 } }, worker: { command: ["bin/worker"], replicas: 2 } },
      healthcheck: { type: "http", path: "/healthz" },
      strategy: {
        type: "canary",
        steps: [
          { setWeight: 5 },
          { pause: { duration: "90s" } },
          { analysis: {} },
          { setWeight: 40 },
          { pause: {} },
          { analysis: {} },
        ],
        analysis: {
          maxErrorRate: 0.02,
          maxP99Ms: 450,
          interval: "2m",
          count: 4,
          failureLimit: 1,
          inconclusiveLimit: 2,
          initialDelay: "1m",
          minRequests: 50,
        },
        acceptance: {
          tests: {
            checkout: { image: { repository: "ghcr.io/acme/shop-e2e", tag: "2.3.0" }, command: ["npm", "test"] },
          },
        },
      },
    }),
  },
};

describe("canary strategy", () => {
  let result: Awaited<ReturnType<typeof render>>;
  beforeAll(async () => {
    result = await render(config);
  });

  test("web becomes a Rollout, other processes stay Deployments, and every object passes its schema", () => {
    expect(ofType(result, T.rollout).map((r) => r.name)).toEqual(["shop-web"]);
    expect(ofType(result, T.deployment).map((r) => r.name)).toEqual(["shop-worker"]);
    expect(result.schemaProblems).toEqual([]);
    // The schema check does cover Rollouts: a malformed step is caught.
    const broken = structuredClone(find(result, T.rollout, "shop-web").inputs) as any;
    broken.spec.strategy.canary.steps[0].setWeight = "five";
    expect(validateObject(broken)).toEqual([
      'spec.strategy.canary.steps[0].setWeight: Invalid value: "five": must be of type integer',
    ]);
  });

  test("the steps are the configured ones, each analysis step running the app's KPI and acceptance templates", () => {
    const canary = at(find(result, T.rollout, "shop-web").inputs, "spec.strategy.canary");
    const templates = [{ templateName: "shop-canary-analysis" }, { templateName: "shop-canary-acceptance" }];
    const analysis = { analysis: { templates } };
    expect(canary.steps).toEqual([
      { setWeight: 5 },
      { pause: { duration: "90s" } },
      analysis,
      { setWeight: 40 },
      { pause: {} },
      analysis,
    ]);
    expect(canary.stableService).toBe("shop-stable");
    expect(canary.canaryService).toBe("shop-canary");
  });

  test("traffic is split on the app's own HTTPRoute through the Gateway API plugin, and Pulumi leaves the weights to it", () => {
    const canary = at(find(result, T.rollout, "shop-web").inputs, "spec.strategy.canary");
    expect(canary.trafficRouting).toEqual({
      plugins: { "argoproj-labs/gatewayAPI": { httpRoute: "shop", namespace: "shop" } },
    });
    const route = find(result, T.httpRoute, "shop-route");
    expect(at(route.inputs, "metadata.name")).toBe("shop");
    expect(at(route.inputs, "spec.rules")[0].backendRefs).toEqual([
      { group: "", kind: "Service", name: "shop-stable", port: 80, weight: 100 },
      { group: "", kind: "Service", name: "shop-canary", port: 80, weight: 0 },
    ]);
    expect(route.options.ignoreChanges).toEqual(
      expect.arrayContaining(["spec.rules[0].backendRefs[0].weight", "spec.rules[0].backendRefs[1].weight"]),
    );
  });

  test("the stable and canary Services select web pods and leave the revision pin to Argo Rollouts", () => {
    for (const name of ["shop-stable", "shop-canary"]) {
      const service = find(result, T.service, name);
      expect(at(service.inputs, "spec.selector")).toEqual({
        "app.kubernetes.io/name": "shop",
        "app.kubernetes.io/component": "web",
      });
      expect(service.options.ignoreChanges).toEqual(["spec.selector"]);
    }
  });

  test("the analysis measures the app's own canary backend against the configured limits", () => {
    const metrics: any[] = at(find(result, T.analysisTemplate, "shop-canary-analysis").inputs, "spec.metrics");
    expect(metrics.map((m) => m.name)).toEqual(["error-rate", "p99-latency-ms"]);
    for (const m of metrics) {
      expect(m).toMatchObject({ interval: "2m", count: 4, failureLimit: 1, inconclusiveLimit: 2, initialDelay: "1m" });
      expect(m.provider.prometheus.address).toBe(PROMETHEUS_URL);
      const services = [...m.provider.prometheus.query.matchAll(/service="([^"]+)"/g)].map((match) => match[1]);
      expect(new Set(services)).toEqual(new Set(["shop-shop-canary-http-80@kubernetesgateway"]));
      expect(m.provider.prometheus.query).toContain(">= 50)");
    }
    expect(metrics[0].provider.prometheus.query).toContain('code=~"5.."');
    expect(metrics[1].provider.prometheus.query).toContain("histogram_quantile(0.99,");
  });

  test("no data is inconclusive, never a success; the limits decide otherwise", () => {
    const [errorRate, p99] = at(find(result, T.analysisTemplate, "shop-canary-analysis").inputs, "spec.metrics");
    expect(verdict(errorRate, [])).toBe("Inconclusive");
    expect(verdict(errorRate, [NaN])).toBe("Inconclusive");
    expect(verdict(errorRate, [0.01])).toBe("Successful");
    expect(verdict(errorRate, [0.03])).toBe("Failed");
    expect(verdict(p99, [])).toBe("Inconclusive");
    expect(verdict(p99, [450])).toBe("Successful");
    expect(verdict(p99, [451])).toBe("Failed");
  });

  test("acceptance Jobs (the smoke check from the health path, the app's test) target the canary Service", () => {
    const template = find(result, T.analysisTemplate, "shop-canary-acceptance");
    const metrics: any[] = at(template.inputs, "spec.metrics");
    expect(metrics.map((m) => m.name)).toEqual(["smoke", "test-checkout"]);
    const [smoke, checkout] = metrics.map((m) => m.provider.job.spec.template.spec.containers[0]);
    // By the digest the platform looked its tag up to (components/platform/check-images.ts).
    expect(smoke.image).toMatch(/^curlimages\/curl:8\.16\.0@sha256:[0-9a-f]{64}$/);
    expect(smoke.command.slice(0, 2)).toEqual(["sh", "-c"]);
    expect(smoke.command[2]).toContain("for path in '/healthz'; do");
    expect(smoke.command[2]).toContain('[ "$1" -ge 200 ] && [ "$1" -le 399 ]');
    expect(checkout).toMatchObject({ image: "ghcr.io/acme/shop-e2e:2.3.0", command: ["npm", "test"] });
    for (const c of [smoke, checkout])
      expect(c.env).toEqual([{ name: "SLIPWAY_TARGET_URL", value: "http://shop-canary.shop.svc.cluster.local:80" }]);
  });

  test("acceptance Jobs are bounded and hardened; the policy pack checks them and the CRD schema covers them", () => {
    const template = find(result, T.analysisTemplate, "shop-canary-acceptance");
    for (const m of at(template.inputs, "spec.metrics")) {
      expect(m.failureLimit ?? 0).toBe(0); // one failed Job fails the analysis
      const job = m.provider.job.spec;
      expect(job).toMatchObject({ backoffLimit: 0, ttlSecondsAfterFinished: 3600 });
      expect(job.activeDeadlineSeconds).toBeGreaterThan(60);
      expect(job.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532 });
      expect(job.template.spec.containers[0].securityContext).toEqual({
        allowPrivilegeEscalation: false,
        privileged: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        capabilities: { drop: ["ALL"] },
      });
    }
    expect(result.verdicts.filter((v) => v.urn === template.urn)).toEqual([]);
    const broken = structuredClone(template.inputs) as any;
    broken.spec.metrics[0].provider.job.spec.backoffLimit = "none";
    expect(validateObject(broken)).toEqual([
      'spec.metrics[0].provider.job.spec.backoffLimit: Invalid value: "none": must be of type integer',
    ]);
  });

  test("the autoscaler and disruption budget act on the Rollout", () => {
    const hpa = find(result, T.hpa, "shop-web");
    expect(at(hpa.inputs, "spec.scaleTargetRef")).toEqual({
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Rollout",
      name: "shop-web",
    });
    expect(at(find(result, T.pdb, "shop-web").inputs, "spec.selector.matchLabels")).toEqual({
      "app.kubernetes.io/name": "shop",
      "app.kubernetes.io/component": "web",
    });
    const rollout = find(result, T.rollout, "shop-web");
    expect(at(rollout.inputs, "spec.replicas")).toBe(3);
    expect(rollout.options.ignoreChanges).toEqual(["spec.replicas"]);
  });
});
