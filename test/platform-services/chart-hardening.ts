/**
 * The values Slipway passes each chart so its workloads pass the policy pack. No Helm here: the charts
 * stay unexpanded, so this checks the values at the chart paths read in each component's comment.
 * Every chart is rendered once, dev and prod, and its parts check those two renders: the policy pack's
 * demands (chart-policy-values.ts), images by digest (chart-image-digests.ts) and the guard-rail table
 * (chart-guard-rail-table.ts).
 */
import { CHART_RAILS } from "../../config/services";
import { INSTALLERS } from "../../components/platform/installers";
import type { RenderResult } from "../../tools/harness/render-stack";
import { platformStack } from "../support/platform";
import { render } from "../support/stack";
import { guardRailTableTests } from "./chart-guard-rail-table";
import { imageDigestTests } from "./chart-image-digests";
import { policyValueTests } from "./chart-policy-values";

/** A path each service's chart lists as free-form (its pin's `freeForm`): an extra value for every chart. */
const EXTRA_AT: Record<string, string> = { certManager: "podLabels", monitoring: "commonLabels" };
const extraPath = (service: string) => EXTRA_AT[service] ?? "podAnnotations";
const extra = (service: string) => ({ values: { [extraPath(service)]: { "example.com/extra": service } } });
const services = {
  ...Object.fromEntries(Object.keys(CHART_RAILS).map((service) => [service, extra(service)])),
  // Beside a guard-rail: deployment.replicas stays Slipway's (traefik/values.yaml v37.3.0 deployment.podAnnotations).
  router: { values: { deployment: { podAnnotations: { "example.com/team": "edge" } } } },
  externalSecrets: { enabled: true, secretPrefix: "slipway/x/", ...extra("externalSecrets") },
  hostedZones: [{ domain: "example.com", zoneId: "Z0123456789ABC" }],
  externalDns: { enabled: true, ...extra("externalDns") },
};
let dev: RenderResult;
let prod: RenderResult;

beforeAll(async () => {
  // One at a time: a render owns the mock runtime while it runs. One node autoscaler per stack: dev
  // runs cluster-autoscaler, prod Karpenter, so every chart is checked.
  const autoscaler = (on: "karpenter" | "clusterAutoscaler") => ({
    karpenter: { enabled: on === "karpenter", ...extra("karpenter") },
    clusterAutoscaler: { enabled: on === "clusterAutoscaler", ...extra("clusterAutoscaler") },
  });
  dev = await render(platformStack({ ...services, ...autoscaler("clusterAutoscaler") }, "dev"), "dev");
  prod = await render(platformStack({ ...services, ...autoscaler("karpenter") }, "prod"), "prod");
});

const renders = () => ({ dev, prod });

describe("chart values that satisfy the policy pack", () => policyValueTests(renders));
describe("images run by digest", () => imageDigestTests(renders));
describe("the guard-rail table and the values the components build", () => guardRailTableTests(renders, extraPath));

test("the value paths were read in the charts at exactly the pinned versions", () => {
  // Each component cites the values.yaml paths it sets at these tags (docs/platform-charts.md). A pin
  // bump fails here until those paths are re-read in the new chart and this table is updated.
  const readAt = {
    router: "37.3.0",
    certManager: "v1.19.3",
    externalDns: "1.19.0",
    metricsServer: "3.13.0",
    monitoring: "78.3.2",
    logging: "0.48.0",
    rollouts: "2.41.0",
    karpenter: "1.8.1",
    clusterAutoscaler: "9.50.1",
    externalSecrets: "0.20.4",
    loadBalancerController: "1.14.0",
  };
  for (const [key, version] of Object.entries(readAt)) {
    expect([key, INSTALLERS[key as keyof typeof INSTALLERS].charts[0].version]).toEqual([key, version]);
  }
});

test("each chart's images, tags, digests and digest keys were read at exactly the pinned chart version", () => {
  // A pin bump fails here until the service's images (components/platform/services/) are re-read at the new version.
  for (const [key, { charts }] of Object.entries(INSTALLERS)) {
    expect([key, INSTALLERS[key as keyof typeof INSTALLERS].images.chart]).toEqual([key, charts[0].version]);
  }
});
