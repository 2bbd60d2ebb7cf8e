/**
 * Platform images run by digest: the recorded one in the form each chart's template prints it, or the
 * one the registry names at preview with the reason none is recorded (the renders of
 * test/platform-services/chart-hardening.ts; each service's table is `<KEY>_IMAGES` in
 * components/platform/services/<name>.ts). Which images there are comes from the charts' own values.yaml.
 */
import { ROUTER_CHART } from "../../components/platform/services/router";
import { INSTALLERS } from "../../components/platform/installers";
import { mockDigest } from "../../tools/harness/mock-digests";
import type { RenderResult } from "../../tools/harness/render-stack";
import { mergeChartValues } from "../../config/chart-values";
import { hasHelm, helmInstalls, valueAt, values } from "../support/platform";
import { at } from "../support/stack";
import { pathsEndingIn, upstreamChart } from "../support/upstream-chart";
import { notRunning } from "./chart-policy-values";

/** The install that runs each chart's images (Karpenter's: test/platform-services/aws-services.ts). */
const INSTALL_OF: Record<string, string> = {
  router: "traefik",
  certManager: "cert-manager",
  externalDns: "external-dns",
  metricsServer: "metrics-server",
  monitoring: "kube-prometheus-stack",
  logging: "fluent-bit",
  rollouts: "argo-rollouts",
  clusterAutoscaler: "cluster-autoscaler",
  externalSecrets: "external-secrets",
  loadBalancerController: "aws-load-balancer-controller",
};
const imagesOf = (key: string): Record<string, any> => INSTALLERS[key as keyof typeof INSTALLERS].images.images;

export function imageDigestTests(renders: () => { dev: RenderResult; prod: RenderResult }): void {
  let dev: RenderResult;
  let prod: RenderResult;
  beforeAll(() => ({ dev, prod } = renders()));

  test("each image with a recorded digest runs by it, in the form its chart's template expects", () => {
    let pinned = 0;
    for (const result of [dev, prod])
      for (const [key, install] of Object.entries(INSTALL_OF).filter(([, install]) => hasHelm(result, install)))
        for (const pin of Object.values(imagesOf(key)).filter((p) => "digest" in p)) {
          // tag@digest: the chart prints `<repository>:<tag>`; digest: it prints `@<value>`; hex: `@sha256:<value>`.
          const expected: Record<string, string> = {
            "tag@digest": `${pin.tag}@${pin.digest}`,
            digest: pin.digest,
            hex: pin.digest.slice("sha256:".length),
          };
          expect([install, pin.key, valueAt(result, install, pin.key)]).toEqual([
            install,
            pin.key,
            expected[pin.form as string],
          ]);
          pinned++;
        }
    expect(pinned).toBeGreaterThan(0);
  });

  test("an image without a recorded digest runs by the one its registry names at preview, and says why none is recorded", () => {
    const services = new Set<string>();
    for (const [key, install] of Object.entries(INSTALL_OF))
      for (const pin of Object.values(imagesOf(key)).filter((p) => !("digest" in p))) {
        const result = hasHelm(prod, install) ? prod : dev;
        // The mock registry's answer for the reference (tools/harness/mock-cloud.ts), in the chart's form.
        const looked = mockDigest(`${pin.image}:${pin.tag}`);
        const expected: Record<string, string> = {
          "tag@digest": `${pin.tag}@${looked}`,
          digest: looked,
          hex: looked.slice("sha256:".length),
        };
        expect([install, pin.key, valueAt(result, install, pin.key)]).toEqual([
          install,
          pin.key,
          expected[pin.form as string],
        ]);
        expect(pin.unresolved).toMatch(/^no digest recorded/);
        services.add(key);
      }
    expect([...services].sort()).toEqual([
      "certManager",
      "clusterAutoscaler",
      "externalDns",
      "externalSecrets",
      "loadBalancerController",
      "logging",
      "metricsServer",
      "monitoring",
      "rollouts",
    ]);
  });

  test("every image each chart runs, as its own values.yaml lists them, runs by a digest", () => {
    // The images come from the charts' defaults at the installed version (../shared/upstream), not from
    // Slipway's tables, so an image no table names is caught: it would run by its tag alone.
    const sha256 = /(^|[^a-f0-9])[a-f0-9]{64}($|[^a-f0-9])/;
    let checked = 0;
    for (const result of [dev, prod])
      for (const install of helmInstalls(result)) {
        const { chart, version } = install.inputs as { chart: string; version: string };
        const upstream = upstreamChart(chart, version);
        const effective = mergeChartValues(upstream.defaults, install.inputs.values as Record<string, unknown>);
        for (const path of pathsEndingIn(upstream.defaults, "image")) {
          const container = path.slice(0, -".image".length);
          if (notRunning(install.name, container, effective, upstream.conditions)) continue;
          // The keys the charts' image templates read a digest from: `tag` (tag@digest), `digest`, `sha`.
          const image = (at(effective, path) ?? {}) as Record<string, unknown>;
          const digest = ["tag", "digest", "sha"].map((key) => image[key]).find((v) => sha256.test(String(v)));
          expect([install.name, path, digest]).toEqual([install.name, path, expect.stringMatching(sha256)]);
          checked++;
        }
      }
    expect(checked).toBeGreaterThan(20);
  });

  test("Traefik's templates take its version from versionOverride, since its tag carries the digest", () => {
    expect(valueAt(prod, "traefik", "versionOverride")).toBe(ROUTER_CHART.appVersion);
  });

  test("recorded digests are sha256 digests", () => {
    for (const key of Object.keys(INSTALLERS))
      for (const pin of Object.values(imagesOf(key)).filter((p) => "digest" in p))
        expect([pin.image, pin.digest]).toEqual([pin.image, expect.stringMatching(/^sha256:[a-f0-9]{64}$/)]);
  });

  test("Grafana installs no plugins from grafana.com when it starts", () => {
    expect(values(prod, "kube-prometheus-stack").grafana["grafana.ini"].plugins).toEqual({ preinstall_disabled: true });
  });
}
