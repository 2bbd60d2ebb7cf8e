/**
 * The files `npm run render` writes for a render (tools/render.ts), written by the benchmark into a
 * temporary folder so that the full render's time includes serialising and writing them. No chart
 * cache and no previous render: the benchmark stacks are rendered fresh.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeInventedReferences } from "../harness/mock-digests";
import { policyReport } from "../harness/policy-report";
import { manifestFiles, resourceRecords, writeRender } from "../harness/render-files";
import type { RenderResult } from "../harness/render-stack";
import { graphMarkdown } from "../harness/stack-graph";
import { unseenByRender } from "../harness/unseen";

export function writeRenderFiles(result: RenderResult): void {
  const dir = mkdtempSync(join(tmpdir(), "slipway-bench-render-"));
  try {
    const records = resourceRecords(result);
    const files = manifestFiles(result);
    const unseen = unseenByRender(result.resources, result.objects);
    files.set("resources.json", `${JSON.stringify(records, null, 2)}\n`);
    files.set("outputs.json", `${JSON.stringify(result.outputs, null, 2)}\n`);
    files.set(
      "policy.json",
      policyReport(result.stack, result.environment, result.verdicts, unseen, result.policyConfig),
    );
    files.set("graph.md", graphMarkdown(result.stack, result.resources));
    writeRender(join(dir, result.stack), files);
    // The render prints which values the mock engine invented: it walks every record's inputs.
    describeInventedReferences(records.map((r) => r.inputs));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
