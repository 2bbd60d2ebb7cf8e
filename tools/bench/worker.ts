/**
 * One benchmark measurement in a fresh process, so module loading and peak memory are its own.
 * Modes: `program` (the real program under the mock engine), `render` (program + schema validation +
 * policy evaluation, as `npm run render` does), `baseline` (the same registrations made directly,
 * read from a capture file: no components, config parsing or validation). Prints one JSON line.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import type { Captured } from "./baseline";

const { values } = parseArgs({
  options: { mode: { type: "string" }, apps: { type: "string" }, capture: { type: "string" } },
});
const mode = values.mode!;
const appCount = Number(values.apps);

async function measure(): Promise<Record<string, number>> {
  const { installMockEngine, settle } = await import("../harness/mock-engine");
  if (mode === "baseline") {
    const { classesFor, replay } = await import("./baseline");
    const captured = JSON.parse(readFileSync(values.capture!, "utf8")) as Captured[];
    const classes = classesFor(captured);
    const moduleLoadMs = performance.now();
    const registrations = await installMockEngine("slipway", `bench-${appCount}`);
    const start = performance.now();
    await replay(captured, classes);
    await settle();
    const replayed = new Map(registrations.map((r) => [r.urn, JSON.stringify(r.inputs)]));
    const differing = captured.find((r) => replayed.get(r.urn) !== JSON.stringify(r.inputs));
    if (differing || replayed.size !== captured.length)
      throw new Error(`the baseline did not register what the program did: ${differing?.urn}`);
    return { moduleLoadMs, programMs: performance.now() - start, resources: registrations.length };
  }
  const { benchmarkStack } = await import("./generate");
  const input = benchmarkStack(appCount);
  if (mode === "render") {
    const { renderStack } = await import("../harness/render-stack");
    const { mandatory } = await import("../harness/policy-eval");
    const moduleLoadMs = performance.now();
    const start = performance.now();
    const result = await renderStack(input);
    // Validation runs on first read of the problems, as the render CLI reads them.
    if (result.schemaProblems.length > 0)
      throw new Error(`schema problems in the benchmark stack: ${JSON.stringify(result.schemaProblems[0])}`);
    const violations = mandatory(result.verdicts);
    if (violations.length > 0)
      throw new Error(`mandatory policy violations in the benchmark stack: ${JSON.stringify(violations[0])}`);
    return { moduleLoadMs, programMs: performance.now() - start, resources: result.resources.length };
  }
  const { runProgram } = await import("../harness/run-program");
  const moduleLoadMs = performance.now();
  const start = performance.now();
  const run = await runProgram(input);
  const programMs = performance.now() - start;
  if (values.capture) {
    const captured: Captured[] = run.resources.map(
      ({ urn, type, name, parent, custom, inputs, secretPaths, options }) => ({
        urn,
        type,
        name,
        parent,
        custom,
        inputs,
        secretPaths,
        options: { provider: options.provider, dependsOn: options.dependsOn },
      }),
    );
    writeFileSync(values.capture, JSON.stringify(captured));
  }
  return { moduleLoadMs, programMs, resources: run.resources.length };
}

void measure().then((result) => {
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ ...result, peakRssMb })}\n`);
  process.exit(0);
});
