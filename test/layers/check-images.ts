/**
 * Slipway's check images on the layered example: an apps stack runs the exact references its platform
 * resolved and publishes (platformForApps.checkImages), which the platform's admission admits, and a
 * prod apps stack refuses each app whose check its platform could publish only by tag
 * (components/platform/check-images.ts, components/app/check-image-pins.ts).
 */
import type { PlatformForApps } from "../../config/platform-outputs";
import { withPlatform } from "../../tools/harness/platform-outputs";
import { renderStack, type RenderResult } from "../../tools/harness/render-stack";
import type { StackOutputs } from "../../tools/harness/run-program";
import { readStackFile } from "../../tools/harness/stack-file";
import { at, ofType, rejectedInput, T } from "../support/stack";

export function checkImageTests(
  platform: () => RenderResult,
  forApps: () => PlatformForApps,
  platformWith: (change: Partial<PlatformForApps>) => StackOutputs,
): void {
  test("an apps stack's checks run the references its platform publishes (and its admission admits), not a lookup of their own", async () => {
    const published = {
      smoke: `curlimages/curl:8.16.0@sha256:${"1".repeat(64)}`,
      rolloutCheck: `quay.io/argoproj/kubectl-argo-rollouts:v1.9.0@sha256:${"2".repeat(64)}`,
    };
    const input = readStackFile("Pulumi.shop-staging.yaml", "shop-staging");
    const result = await renderStack(withPlatform(input, platformWith({ checkImages: published })));
    const job = ofType(result, "kubernetes:batch/v1:Job").find((r) => r.name === "storefront-rollout-check")!;
    expect(at(job.inputs, "spec.template.spec.containers")[0].image).toBe(published.rolloutCheck);
    const acceptance = ofType(result, T.analysisTemplate).find((r) => r.name === "storefront-preview-acceptance")!;
    expect(at(acceptance.inputs, "spec.metrics")[0].provider.job.spec.template.spec.containers[0].image).toBe(
      published.smoke,
    );
    // The platform's own render admits what it publishes.
    const params = ofType(platform(), T.configMap).find((r) => r.name === "tenant-admission-params")!;
    const admitted = Object.entries(at(params.inputs, "data") as Record<string, string>)
      .filter(([key]) => key.startsWith("tool-image."))
      .map(([, reference]) => reference);
    expect(admitted.sort()).toEqual([forApps().checkImages.rolloutCheck, forApps().checkImages.smoke].sort());
  });

  test("a prod apps stack refuses each app whose check its prod platform could publish only by tag, by the app's key", async () => {
    const input = readStackFile("Pulumi.shop-staging.yaml", "shop-staging");
    const prod = { ...input, config: { ...input.config, "slipway:environment": "prod" } };
    const byTag = { smoke: "curlimages/curl:8.16.0", rolloutCheck: "quay.io/argoproj/kubectl-argo-rollouts:v1.9.0" };
    const { messages, registered } = await rejectedInput(
      withPlatform(prod, platformWith({ environment: "prod", checkImages: byTag })),
    );
    expect(messages.filter((m) => m.includes("prod runs every image by digest"))).toEqual([
      "slipway:apps.storefront.strategy.type: turns on the release check (blueGreen), whose image quay.io/argoproj/kubectl-argo-rollouts:v1.9.0 is published by platform-staging without a digest (its lookup failed): update platform-staging where the registry is reachable; prod runs every image by digest",
      "slipway:apps.storefront.strategy.acceptance.smoke: turns on the smoke check, whose image curlimages/curl:8.16.0 is published by platform-staging without a digest (its lookup failed): update platform-staging where the registry is reachable; prod runs every image by digest",
    ]);
    expect(registered).toEqual([]);
  });
}
