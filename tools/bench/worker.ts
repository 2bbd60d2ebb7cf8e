/**
 * One benchmark measurement in a fresh process, so module loading and peak memory are its own.
 * Modes: `program` (the real program under the mock engine), `render` (program + schema validation +
 * policy evaluation, as `npm run render` does), `baseline` (the same registrations made directly,
 * read from a capture file: no components, config parsing or validation). Prints one JSON line.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import type * as Pulumi from "@pulumi/pulumi";
import type { Registration } from "../harness/mock-engine";

const { values } = parseArgs({ options: { mode: { type: "string" }, apps: { type: "string" }, capture: { type: "string" } } });
const mode = values.mode!;
const appCount = Number(values.apps);

type Captured = Pick<Registration, "urn" | "type" | "name" | "parent" | "custom" | "inputs">;

async function measure(): Promise<Record<string, number>> {
  const { installMockEngine, settle } = await import("../harness/mock-engine");
  if (mode === "baseline") {
    const pulumi = await import("@pulumi/pulumi");
    const captured = JSON.parse(readFileSync(values.capture!, "utf8")) as Captured[];
    const moduleLoadMs = performance.now();
    const registrations = await installMockEngine("slipway", `bench-${appCount}`);
    const start = performance.now();
    // The SDK declares CustomResource abstract; a bare subclass registers exactly what it is given.
    class Registered extends pulumi.CustomResource {}
    const byUrn = new Map<string, Pulumi.Resource>();
    for (const r of captured) {
      const opts = { parent: r.parent ? byUrn.get(r.parent) : undefined };
      const resource = r.custom ? new Registered(r.type, r.name, r.inputs, opts) : new pulumi.ComponentResource(r.type, r.name, {}, opts);
      byUrn.set(r.urn, resource);
    }
    await settle();
    return { moduleLoadMs, programMs: performance.now() - start, resources: registrations.length };
  }
  const { benchmarkStack } = await import("./generate");
  const input = benchmarkStack(appCount);
  if (mode === "render") {
    const { renderStack } = await import("../harness/render-stack");
    const moduleLoadMs = performance.now();
    const start = performance.now();
    const result = await renderStack(input);
    // Validation runs on first read of the problems, as the render CLI reads them.
    if (result.schemaProblems.length > 0) throw new Error(`schema problems in the benchmark stack: ${JSON.stringify(result.schemaProblems[0])}`);
    return { moduleLoadMs, programMs: performance.now() - start, resources: result.resources.length };
  }
  const { runProgram } = await import("../harness/run-program");
  const moduleLoadMs = performance.now();
  const start = performance.now();
  const run = await runProgram(input);
  const programMs = performance.now() - start;
  if (values.capture) {
    const captured = run.resources.map(({ urn, type, name, parent, custom, inputs }) => ({ urn, type, name, parent, custom, inputs }));
    writeFileSync(values.capture, JSON.stringify(captured));
  }
  return { moduleLoadMs, programMs, resources: run.resources.length };
}

measure().then((result) => {
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ ...result, peakRssMb })}\n`);
  process.exit(0);
});
