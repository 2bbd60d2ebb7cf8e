/**
 * `npm run bench`: how the program and the render scale with the number of apps, against the floor the
 * Pulumi SDK itself imposes (the same registrations made directly). Each measurement runs in a fresh
 * process and is repeated; the table shows median and min. `--layers 20x25` measures the layered set
 * instead (bench/layered.ts). Results go to out/bench/results.json, or to the committed
 * bench/results.json with --update (the layered set under its own key, the rest kept).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { runCommand } from "./cli";
import { benchCommand, type BenchOptions } from "./commands";
import { describeLayered, measureLayered, type LayeredSet } from "./bench/layered";
import { describeMachine, machineAtStart, withLoadAtEnd } from "./bench/machine";

/**
 * The SDK captures a stack trace per promise; the render runs without them (package.json). The worker
 * collects garbage outside the clock to measure the heap a run retains (bench/memory.ts).
 */
const NODE_FLAGS = ["--stack-trace-limit=0", "--expose-gc"];
/** Compiled next to this file by `npm run build`, as the render runs. */
const WORKER = join(__dirname, "bench", "worker.js");

interface Sample {
  moduleLoadMs: number;
  programMs: number;
  resources: number;
  peakRssMb: number;
  /** The live heap's growth over the measured work, after a full collection at both ends (not the anchor's). */
  heapGrowthMb: number;
  /** A render's milliseconds per stage (bench/worker.ts stageShares). */
  stages?: Record<string, number>;
}

function run(mode: string, apps: number, capture?: string): Sample {
  const args = [...NODE_FLAGS, WORKER, "--mode", mode, "--apps", String(apps)];
  if (capture) args.push("--capture", capture);
  return JSON.parse(
    execFileSync(process.execPath, args, { encoding: "utf8", maxBuffer: 1 << 26 })
      .trim()
      .split("\n")
      .pop()!,
  );
}

function statsOf(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0] };
}

const stats = (samples: Sample[], key: "moduleLoadMs" | "programMs" | "peakRssMb" | "heapGrowthMb") =>
  statsOf(samples.map((s) => s[key]));

/** Each render stage's median and min over the samples, in the order the render runs them. */
function stageStats(samples: Sample[]) {
  return Object.fromEntries(
    Object.keys(samples[0].stages!).map((stage) => [stage, statsOf(samples.map((s) => s.stages![stage]))]),
  );
}

/** Memory per registered resource (median over the samples): the process's peak RSS, and the live heap's growth. */
function memoryPerResource(samples: Sample[]) {
  const perResource = (mb: number) => (1024 * mb) / samples[0].resources;
  return {
    peakRssKb: perResource(stats(samples, "peakRssMb").median),
    heapGrowthKb: perResource(stats(samples, "heapGrowthMb").median),
  };
}

function measure(sizes: number[], repeat: number, dir: string) {
  return sizes.map((apps) => {
    const capture = join(dir, `capture-${apps}.json`);
    run("program", apps, capture);
    // Interleaved, so drift in the machine's speed during a run weighs on every mode alike.
    const program: Sample[] = [];
    const baseline: Sample[] = [];
    const render: Sample[] = [];
    const anchor: Sample[] = [];
    for (let i = 0; i < repeat; i++) {
      console.error(`${apps} apps: sample ${i + 1} of ${repeat}`);
      program.push(run("program", apps));
      baseline.push(run("baseline", apps, capture));
      render.push(run("render", apps));
      anchor.push(run("anchor", apps));
    }
    const summarise = (samples: Sample[]) => ({
      wallMs: stats(samples, "programMs"),
      moduleLoadMs: stats(samples, "moduleLoadMs"),
      peakRssMb: stats(samples, "peakRssMb"),
      resources: samples[0].resources,
    });
    // The anchor's synth releases its objects before it returns: it has no retained heap to compare.
    const withMemory = (samples: Sample[]) => ({
      ...summarise(samples),
      heapGrowthMb: stats(samples, "heapGrowthMb"),
      memoryPerResource: memoryPerResource(samples),
    });
    const p = withMemory(program);
    const b = withMemory(baseline);
    const r = withMemory(render);
    const a = summarise(anchor);
    return {
      apps,
      program: { ...p, msPerApp: p.wallMs.median / apps },
      baseline: b,
      render: { ...r, stages: stageStats(render) },
      ratio: { median: p.wallMs.median / b.wallMs.median, min: p.wallMs.min / b.wallMs.min },
      anchor: a,
      renderToAnchor: { median: r.wallMs.median / a.wallMs.median, min: r.wallMs.min / a.wallMs.min },
    };
  });
}

/**
 * Linear growth means the same cost per added app between any two sizes: the program's median time
 * per added app, and its peak RSS per added resource (memory per resource, without Node's own).
 */
function growthOf(results: ReturnType<typeof measure>) {
  return results.slice(1).map((b, i) => {
    const a = results[i];
    return {
      from: a.apps,
      to: b.apps,
      msPerAddedApp: (b.program.wallMs.median - a.program.wallMs.median) / (b.apps - a.apps),
      kbPerAddedResource:
        (1024 * (b.program.peakRssMb.median - a.program.peakRssMb.median)) /
        (b.program.resources - a.program.resources),
    };
  });
}

/** The layered set alone; its results replace only the `layered` key of the results file. */
async function benchLayered(set: LayeredSet, repeat: number, resultsFile: string): Promise<number> {
  const start = machineAtStart();
  const dir = mkdtempSync(join(tmpdir(), "slipway-bench-"));
  let layered: Awaited<ReturnType<typeof measureLayered>>;
  try {
    layered = await measureLayered(WORKER, NODE_FLAGS, set, repeat, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const machine = withLoadAtEnd(start);
  console.log(describeMachine(machine));
  console.log(describeLayered(layered));
  const previous: unknown = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, "utf8")) : {};
  mkdirSync(dirname(resultsFile), { recursive: true });
  writeFileSync(
    resultsFile,
    `${JSON.stringify({ ...(previous as object), layered: { machine, ...layered } }, null, 2)}\n`,
  );
  console.log(`Written to ${resultsFile}`);
  return 0;
}

function bench({ sizes, repeat, resultsFile, layers }: BenchOptions): Promise<number> {
  if (layers) return benchLayered(layers, repeat, resultsFile);
  const start = machineAtStart();
  const dir = mkdtempSync(join(tmpdir(), "slipway-bench-"));
  // Every sample's process shares one compile cache (stacks/compile-cache.ts), empty at the start of the
  // run and filled by its first process, as on a machine that has run the program before.
  process.env.NODE_COMPILE_CACHE = join(dir, "compile-cache");
  // And the parsed CRDs and CEL rules (harness/crd/parse-cache.ts), likewise.
  process.env.SLIPWAY_PARSE_CACHE = join(dir, "parsed");
  let results: ReturnType<typeof measure>;
  try {
    results = measure(sizes, repeat, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const machine = withLoadAtEnd(start);
  const fmt = (n: number) => n.toFixed(0).padStart(7);
  console.log(describeMachine(machine));
  console.log(`${repeat} runs each, median (min); times in ms, memory in MB`);
  console.log(
    "   apps  resources   program (min)   ms/app  baseline (min)  ratio (of mins)   render (min)  render RSS  module load   cdk8s (min)  render/cdk8s (of mins)",
  );
  for (const r of results) {
    console.log(
      `${String(r.apps).padStart(7)} ${String(r.program.resources).padStart(10)} ${fmt(r.program.wallMs.median)} (${fmt(r.program.wallMs.min)}) ${r.program.msPerApp.toFixed(2).padStart(7)} ${fmt(r.baseline.wallMs.median)} (${fmt(r.baseline.wallMs.min)}) ${r.ratio.median.toFixed(2).padStart(6)} (${r.ratio.min.toFixed(2)})    ${fmt(r.render.wallMs.median)} (${fmt(r.render.wallMs.min)}) ${fmt(r.render.peakRssMb.median)}    ${fmt(r.program.moduleLoadMs.median)}   ${fmt(r.anchor.wallMs.median)} (${fmt(r.anchor.wallMs.min)}) ${r.renderToAnchor.median.toFixed(2).padStart(6)} (${r.renderToAnchor.min.toFixed(2)})`,
    );
  }
  for (const r of results) {
    const shares = Object.entries(r.render.stages).map(
      ([stage, { median }]) =>
        `${stage} ${median.toFixed(0)} (${((100 * median) / r.render.wallMs.median).toFixed(0)} %)`,
    );
    console.log(`${r.apps} apps, render stages (median ms): ${shares.join(", ")}`);
  }
  console.log("Memory per resource, kB (median): the process's peak RSS / the live heap's growth");
  console.log("   apps        program       baseline         render");
  for (const r of results) {
    const perResource = ({ memoryPerResource: m }: { memoryPerResource: ReturnType<typeof memoryPerResource> }) =>
      `${m.peakRssKb.toFixed(1)} / ${m.heapGrowthKb.toFixed(1)}`.padStart(15);
    console.log(
      `${String(r.apps).padStart(7)}${perResource(r.program)}${perResource(r.baseline)}${perResource(r.render)}`,
    );
  }
  const growth = growthOf(results);
  for (const g of growth)
    console.log(
      `${g.from} → ${g.to} apps: ${g.msPerAddedApp.toFixed(2)} ms per added app, ${g.kbPerAddedResource.toFixed(1)} kB of the program's peak RSS per added resource`,
    );
  mkdirSync(dirname(resultsFile), { recursive: true });
  // The layered set's results are measured separately (--layers) and kept.
  const { layered } = (existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, "utf8")) : {}) as {
    layered?: unknown;
  };
  writeFileSync(resultsFile, `${JSON.stringify({ machine, repeat, results, growth, layered }, null, 2)}\n`);
  console.log(`Written to ${resultsFile}`);
  return Promise.resolve(0);
}

runCommand(benchCommand, bench);
