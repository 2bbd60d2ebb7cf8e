/** Issues 14 and 22: a tag is pinned to its digest (an app's and the platform's images); prod refuses one it cannot pin, other tiers run the tag. */
import * as pulumi from "@pulumi/pulumi";
import { resolvePlatformImages } from "../../components/platform/image-resolution";
import { platformSchema } from "../../config/platform";
import { defineStack } from "../../stacks/program";
import { installMockEngine, settle } from "../../tools/harness/mock-engine";
import { renderStack } from "../../tools/harness/render-stack";
import { PROJECT, withoutPromiseTraces } from "../../tools/harness/run-program";
import { unseenByRender } from "../../tools/harness/unseen";
import { platformStack, values } from "../support/platform";
import { at, find, render, stackInput, T, webApp } from "../support/stack";

// The mock cloud's registries fail lookups on hosts under .invalid, as an unreachable registry does.
const UNREACHABLE = { image: { repository: "registry.invalid/acme/web", tag: "1.0.0" } };

test("prod refuses a tag it cannot resolve to a digest, naming the config key", async () => {
  await expect(render({ environment: "prod", apps: { shop: webApp(UNREACHABLE) } })).rejects.toThrow(
    /slipway:apps\.shop\.image: cannot resolve registry\.invalid\/acme\/web:1\.0\.0 to a digest/,
  );
});

test("dev runs a tag it cannot resolve unpinned, with the tag as its version", async () => {
  const result = await render({ environment: "dev", apps: { shop: webApp(UNREACHABLE) } });
  const template = at(find(result, T.deployment, "shop-web").inputs, "spec.template");
  expect(at(template, "spec.containers")[0].image).toBe("registry.invalid/acme/web:1.0.0");
  expect(at(template, "metadata.labels")["app.kubernetes.io/version"]).toBe("1.0.0");
});

/** Runs the program with one registry not answering lookups: the error, and what was registered meanwhile. */
async function runWithout(config: Parameters<typeof stackInput>[0], registry: string) {
  const input = { ...stackInput(config), unreachableRegistries: [registry] };
  pulumi.runtime.setAllConfig(input.config, input.secretKeys);
  const registered = await installMockEngine(PROJECT, input.stack, undefined, {}, input.unreachableRegistries);
  const error = await withoutPromiseTraces(defineStack).then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  await settle();
  return { error, registered };
}

// Platform images no public source pins are looked up like app tags (components/platform/image-resolution.ts).
describe("platform images looked up at preview", () => {
  const withQuayDown = (environment: string) => runWithout(platformStack({}, environment), "quay.io");

  test("prod refuses a platform image it cannot resolve, naming each one and its service's key, before any resource", async () => {
    const { error, registered } = await withQuayDown("prod");
    expect(error?.message).toMatch(/^Invalid stack config \(\d+ problems\):/);
    expect(error?.message).toContain("prod runs platform images by digest");
    for (const line of [
      "slipway:platform.certManager: cannot resolve quay.io/jetstack/cert-manager-controller:v1.19.3 to a digest",
      "slipway:platform.certManager: cannot resolve quay.io/jetstack/cert-manager-webhook:v1.19.3 to a digest",
      "slipway:platform.monitoring: cannot resolve quay.io/prometheus/prometheus:v3.7.1 to a digest",
      "slipway:platform.rollouts: cannot resolve quay.io/argoproj/argo-rollouts:v1.9.0 to a digest",
    ])
      expect(error?.message).toContain(line);
    // Images on registries that answered are not named.
    expect(error?.message).not.toContain("fluent-bit");
    expect(registered).toEqual([]);
  });

  test("dev runs an image it cannot resolve by its tag, and the render lists it as run by tag", async () => {
    const result = await renderStack({
      ...stackInput(platformStack({}, "dev")),
      unreachableRegistries: ["quay.io"],
    });
    const certManager = values(result, "cert-manager");
    expect(certManager.image).toEqual({ tag: "v1.19.3" });
    // fluent-bit's registry answered: it runs by the digest it named.
    expect(values(result, "fluent-bit").image.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const unseen = unseenByRender(result.resources, result.objects);
    expect(unseen.unpinnedImages).toContainEqual({
      install: "cert-manager",
      image: "quay.io/jetstack/cert-manager-controller:v1.19.3",
      reason: expect.stringMatching(/no digest recorded.*; its registry lookup failed$/),
    });
    expect(unseen.lookedUpImages.map((l) => l.image)).toContain("cr.fluentbit.io/fluent/fluent-bit:3.2.1");
  });

  test("a registry's answer that is not a sha256 digest is refused in prod; each reference is asked once", async () => {
    const asked: string[] = [];
    const lookup = (reference: string) => {
      asked.push(reference);
      return Promise.resolve(reference.includes("external-secrets") ? "latest" : `sha256:${"d".repeat(64)}`);
    };
    const platform = platformSchema("prod").parse({ externalSecrets: { enabled: true, secretPrefix: "slipway/x/" } });
    const { problems } = await resolvePlatformImages(platform, "prod", lookup);
    expect(problems).toEqual([
      {
        key: "slipway:platform.externalSecrets",
        message: expect.stringMatching(
          /^cannot resolve oci\.external-secrets\.io\/external-secrets\/external-secrets:v0\.20\.4 to a digest: the registry answered "latest", not a sha256 digest; prod runs platform images by digest/,
        ),
      },
    ]);
    // The controller, webhook and cert controller run one image: one lookup.
    expect(asked.filter((reference) => reference.includes("external-secrets"))).toHaveLength(1);
  });
});

// The smoke and release checks' images are looked up once per platform (components/platform/check-images.ts).
describe("check images looked up at preview", () => {
  const CLI = /^quay\.io\/argoproj\/kubectl-argo-rollouts:v1\.9\.0@sha256:[0-9a-f]{64}$/;
  const CURL = /^curlimages\/curl:8\.16\.0@sha256:[0-9a-f]{64}$/;
  const blueGreen = (overrides = {}) => webApp({ strategy: { type: "blueGreen", ...overrides } });
  const checkImagesOf = (result: Awaited<ReturnType<typeof render>>) => ({
    cli: at(find(result, "kubernetes:batch/v1:Job", "shop-rollout-check").inputs, "spec.template.spec.containers")[0]
      .image,
    curl: at(find(result, T.analysisTemplate, "shop-preview-acceptance").inputs, "spec.metrics")[0].provider.job.spec
      .template.spec.containers[0].image,
    admitted: Object.entries(at(find(result, T.configMap, "tenant-admission-params").inputs, "data"))
      .filter(([key]) => key.startsWith("tool-image."))
      .map(([, reference]) => reference)
      .sort(),
  });

  test("the checks run by digest, and the cluster admits exactly those references", async () => {
    const images = checkImagesOf(await render({ environment: "dev", apps: { shop: blueGreen() } }));
    expect(images.cli).toMatch(CLI);
    expect(images.curl).toMatch(CURL);
    expect(images.admitted).toEqual([images.cli, images.curl].sort());
  });

  test("dev runs a check image it cannot resolve by its tag, admitted as that tag", async () => {
    const result = await renderStack({
      ...stackInput({ environment: "dev", apps: { shop: blueGreen() } }),
      unreachableRegistries: ["docker.io"],
    });
    const images = checkImagesOf(result);
    expect(images.curl).toBe("curlimages/curl:8.16.0");
    expect(images.cli).toMatch(CLI);
    expect(images.admitted).toEqual([images.cli, "curlimages/curl:8.16.0"].sort());
  });

  test("prod refuses each app that turns on a check whose image cannot be resolved, by that key, before any resource", async () => {
    const { error, registered } = await runWithout(
      {
        environment: "prod",
        apps: {
          shop: blueGreen(),
          quiet: blueGreen({ acceptance: { smoke: false } }),
          plain: webApp(),
        },
      },
      "docker.io",
    );
    // Every image docker.io holds is named at once: the platform's (Grafana) and the check's.
    expect(error?.message.split("\n").slice(1)).toEqual([
      expect.stringMatching(
        /^ {2}slipway:platform\.monitoring: cannot resolve docker\.io\/grafana\/grafana:12\.2\.0 to a digest/,
      ),
      "  slipway:apps.shop.strategy.acceptance.smoke: turns on the smoke check, whose image curlimages/curl:8.16.0 could not be resolved to a digest at this preview (make its registry reachable from where the preview runs); prod runs every image by digest",
    ]);
    expect(registered).toEqual([]);
  });
});
