/**
 * One benchmark measurement in a fresh process, so module loading and peak memory are its own.
 * Modes: `program` (the real program under the mock engine), `render` (program, policy evaluation,
 * schema validation and the files, as `npm run render` does, with each stage's time), `baseline` (the same registrations made directly,
 * read from a capture file: no components, config parsing or validation), `anchor` (cdk8s synthesizing
 * ten objects per app, bench/cdk8s-anchor.ts), and for the layered set `layered-platform` (the render
 * of the platform granting --stacks apps stacks of --apps apps, its outputs written to --capture) and
 * `layered-apps` (apps stack number --index rendered against those outputs). Prints one JSON line.
 * The program is the prebuilt bundle the CLI runs (bundled-program.ts), so each process loads what a
 * `pulumi preview` of that stack loads.
 */
// First, as the bundle's entry (stacks/index.ts) does under the CLI: Node's compile cache on, and the
// SDK's closure-serialization modules loaded only when used.
import "../../stacks/compile-cache";
import "../../stacks/lazy-sdk-modules";
import { readFileSync, writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import type { StackInput } from "../harness/run-program";
import type { Captured } from "./baseline";
import { heapGrowthFrom } from "./memory";

const { values } = parseArgs({
  options: {
    mode: { type: "string" },
    apps: { type: "string" },
    capture: { type: "string" },
    index: { type: "string" },
    stacks: { type: "string" },
  },
});
/** An option the mode needs (bench.ts always passes them): parseArgs types every string option as optional. */
function required(name: keyof typeof values): string {
  const value = values[name];
  if (value === undefined) throw new Error(`bench worker: --${name} is required`);
  return value;
}
const mode = required("mode");
const appCount = Number(values.apps);

/**
 * Each stage's milliseconds, from the marks the render sets when a stage ends (harness/render-stack.ts)
 * and the measures schema validation records (harness/k8s-schema.ts): OpenAPI is the schemas stage
 * less custom resources, and custom resources' CRD structure is theirs less CEL.
 */
function stageShares(start: number, end: number): Record<string, number> {
  const at = (name: string) => {
    const entry = performance.getEntriesByName(`render:${name}`).at(-1);
    if (entry === undefined) throw new Error(`bench worker: the render set no mark render:${name}`);
    return entry;
  };
  const [program, policies, schemas] = ["program", "policies", "schemas"].map((name) => at(name).startTime);
  const customResources = at("custom-resources").duration;
  const cel = at("cel").duration;
  return {
    program: program - start,
    policies: policies - program,
    openApiSchemas: schemas - policies - customResources,
    crdSchemas: customResources - cel,
    celRules: cel,
    files: end - schemas,
  };
}

/**
 * A full render, as `npm run render`: it fails on any schema problem or mandatory policy violation,
 * and writes the render's files (into a temporary folder, removed after).
 */
async function measureRender(input: StackInput) {
  const { renderStack } = await import("../harness/render-stack");
  const { mandatory } = await import("../harness/policy-eval");
  const { writeRenderFiles } = await import("./render-files");
  const { bundledProgram, loadBundleDependencies, programStartedAt } = await import("./bundled-program");
  loadBundleDependencies();
  const heapGrowth = heapGrowthFrom();
  const result = await renderStack(input, bundledProgram());
  // Validation runs on first read of the problems, as the render CLI reads them.
  if (result.schemaProblems.length > 0)
    throw new Error(`schema problems in the benchmark stack: ${JSON.stringify(result.schemaProblems[0])}`);
  const violations = mandatory(result.verdicts);
  if (violations.length > 0)
    throw new Error(`mandatory policy violations in the benchmark stack: ${JSON.stringify(violations[0])}`);
  writeRenderFiles(result);
  const end = performance.now();
  // Everything before the program's first statement is module load, the bundle's own modules included.
  const start = programStartedAt();
  const sample = {
    moduleLoadMs: start,
    programMs: end - start,
    resources: result.resources.length,
    heapGrowthMb: heapGrowth(),
  };
  return { sample: { ...sample, stages: stageShares(start, end) }, outputs: result.outputs };
}

async function measure(): Promise<Record<string, unknown>> {
  if (mode === "anchor") {
    const { synthAnchor } = await import("./cdk8s-anchor");
    const moduleLoadMs = performance.now();
    const resources = synthAnchor(appCount);
    return { moduleLoadMs, programMs: performance.now() - moduleLoadMs, resources };
  }
  const { installMockEngine, settle } = await import("../harness/mock-engine");
  if (mode === "baseline") {
    const { classesFor, replay } = await import("./baseline");
    const captured = JSON.parse(readFileSync(required("capture"), "utf8")) as Captured[];
    const classes = classesFor(captured);
    const moduleLoadMs = performance.now();
    const registrations = await installMockEngine("slipway", `bench-${appCount}`);
    const heapGrowth = heapGrowthFrom();
    const start = performance.now();
    await replay(captured, classes);
    await settle();
    const programMs = performance.now() - start;
    const heapGrowthMb = heapGrowth();
    const replayed = new Map(registrations.map((r) => [r.urn, JSON.stringify(r.inputs)]));
    const differing = captured.find((r) => replayed.get(r.urn) !== JSON.stringify(r.inputs));
    if (differing || replayed.size !== captured.length)
      throw new Error(`the baseline did not register what the program did: ${differing?.urn}`);
    return { moduleLoadMs, programMs, resources: registrations.length, heapGrowthMb };
  }
  const { benchmarkAppsStack, benchmarkPlatformStack, benchmarkStack } = await import("./generate");
  if (mode === "layered-platform" || mode === "layered-apps") {
    const { withPlatform, platformOutputsFile } = await import("../harness/platform-outputs");
    const platform = mode === "layered-platform";
    const input = platform
      ? benchmarkPlatformStack(Number(values.stacks), appCount)
      : withPlatform(benchmarkAppsStack(Number(values.index), appCount), platformOutputsFile(required("capture")));
    const measured = await measureRender(input);
    if (platform) writeFileSync(required("capture"), JSON.stringify(measured.outputs));
    return measured.sample;
  }
  const input = benchmarkStack(appCount);
  if (mode === "render") {
    return (await measureRender(input)).sample;
  }
  const { runProgram } = await import("../harness/run-program");
  const { bundledProgram, loadBundleDependencies, programStartedAt } = await import("./bundled-program");
  loadBundleDependencies();
  const heapGrowth = heapGrowthFrom();
  const run = await runProgram(input, bundledProgram());
  const moduleLoadMs = programStartedAt();
  const programMs = performance.now() - moduleLoadMs;
  const heapGrowthMb = heapGrowth();
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
  return { moduleLoadMs, programMs, resources: run.resources.length, heapGrowthMb };
}

void measure().then((result) => {
  const { maxRSS, userCPUTime, systemCPUTime } = process.resourceUsage();
  // CPU of every thread of the process (GC's helpers too), from its start: the layered set sums it.
  const cpuMs = (userCPUTime + systemCPUTime) / 1000;
  process.stdout.write(`${JSON.stringify({ ...result, peakRssMb: maxRSS / 1024, cpuMs })}\n`);
  process.exit(0);
});
