/**
 * docs/releases.md walks through a config-only release of the committed dev stack. What the render
 * prints for it, given dev's own render: render again with storefront's LOG_LEVEL edited, into the
 * folder of the first (its outputs.json read back as the previous update's outputs), as
 * `npm run render -- --stack dev` does.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { previousOutputs } from "../../tools/harness/previous-outputs";
import { describePreview, previewDiff } from "../../tools/harness/preview-diff";
import { resourceRecords } from "../../tools/harness/render-files";
import { releaseSummary } from "../../tools/harness/release-summary";
import { renderStack, type RenderResult } from "../../tools/harness/render-stack";
import { readStackFile } from "../../tools/harness/stack-file";
import { tempDir } from "./temp-dir";

export async function walkthroughDiff(dev: RenderResult): Promise<string[]> {
  const input = readStackFile("Pulumi.dev.yaml", "dev");
  const apps = JSON.parse(input.config["slipway:apps"]) as Record<string, { env: Record<string, string> }>;
  if (apps.storefront.env.LOG_LEVEL !== "debug") throw new Error("the walk-through edits LOG_LEVEL: debug");
  apps.storefront.env.LOG_LEVEL = "info";
  const dir = tempDir("docs-walkthrough-");
  writeFileSync(join(dir, "outputs.json"), JSON.stringify(dev.outputs));
  const after = await renderStack({
    ...input,
    config: { ...input.config, "slipway:apps": JSON.stringify(apps) },
    previousOutputs: previousOutputs(dir),
  });
  const previous = resourceRecords(dev);
  const current = resourceRecords(after, previous);
  const steps = previewDiff(previous, current);
  return [
    ...describePreview(steps).split("\n"),
    "Config changes by name:",
    ...releaseSummary(steps, previous, current).map((line) => `  ${line}`),
  ];
}
