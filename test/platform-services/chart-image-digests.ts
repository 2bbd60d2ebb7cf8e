/**
 * Platform images run by digest: the recorded one in the form each chart's template prints it, or the
 * one the registry names at preview with the reason none is recorded (the renders of
 * test/platform-services/chart-hardening.ts; the table is components/platform/image-digests.ts).
 */
import { ROUTER_CHART } from "../../components/platform/services/router";
import { INSTALLERS } from "../../components/platform/installers";
import { mockDigest } from "../../tools/harness/mock-digests";
import type { RenderResult } from "../../tools/harness/render-stack";
import { hasHelm, valueAt, values } from "../support/platform";

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
