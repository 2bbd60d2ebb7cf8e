/**
 * The Argo Rollouts pieces run one version: the controller the pinned chart installs and the CLI the
 * release check runs. The CLI's `status` reads the Rollout status the controller writes, so a
 * version skew could misjudge a release.
 */
import { CHARTS } from "../components/platform/charts";
import type { RenderResult } from "../tools/harness/render-stack";
import { values } from "./support/platform";
import { at, ofType, renderStackFile, T } from "./support/stack";

let prod: RenderResult;

beforeAll(async () => {
  prod = await renderStackFile("prod");
});

test("the argo-rollouts pin is a published chart, with the appVersion its Chart.yaml declares", () => {
  // argoproj/argo-helm, tag argo-rollouts-2.41.0, charts/argo-rollouts/Chart.yaml (2.42.0 was never
  // published). Moving the pin means reading the new Chart.yaml's appVersion into charts.ts.
  expect([CHARTS.argoRollouts.version, CHARTS.argoRollouts.appVersion]).toEqual(["2.41.0", "v1.9.0"]);
});

test("the controller runs the chart's appVersion: Slipway sets no controller image", () => {
  // values.yaml at argo-rollouts-2.41.0: controller.image.tag "Overrides the image tag (default is the chart appVersion)".
  const controller = values(prod, "argo-rollouts").controller;
  expect(controller.image).toBeUndefined();
});

test("every release check runs the CLI at the controller's version", () => {
  const checks = ofType(prod, T.job).filter((job) => job.name.endsWith("-rollout-check"));
  expect(checks.length).toBeGreaterThan(0);
  for (const job of checks) {
    const images = at(job.inputs, "spec.template.spec.containers").map((c: { image: string }) => c.image);
    expect([job.name, images]).toEqual([
      job.name,
      [`quay.io/argoproj/kubectl-argo-rollouts:${CHARTS.argoRollouts.appVersion}`],
    ]);
  }
});
