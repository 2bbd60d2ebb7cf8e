/**
 * The layered set (`npm run bench -- --layers 20x25`): one platform stack rendered, then N apps stacks
 * of M apps each rendered against its outputs, one stack per process, with 1, 2 and 3 processes at
 * once. Wall time is the whole set's, from the platform's start to the last apps stack's end. Memory
 * is reported two ways: the largest single process's peak RSS, and an upper bound on the machine's
 * peak (the platform's peak, or the sum of the `concurrency` largest apps-stack peaks if that is more:
 * processes that overlap can at most all be at their peaks together). CPU time (user and system, every
 * thread) is summed over the set's processes, which on a loaded machine compares better than wall time,
 * and one apps stack's process is broken down by phase (module load, then the render's stages). The
 * target: two at once within 1.5× of the same apps rendered as one stack.
 */
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

export interface LayeredSet {
  stacks: number;
  apps: number;
}

/** What the worker prints (worker.ts), and the process's wall time from its parent's side. */
interface ProcessSample {
  wallMs: number;
  cpuMs: number;
  moduleLoadMs: number;
  peakRssMb: number;
  resources: number;
  /** Each render stage's milliseconds (worker.ts stageShares). */
  stages: Record<string, number>;
}

/**
 * `caches`: the folder holding the caches this process shares: Node's module compile cache
 * (stacks/compile-cache.ts) and the parsed CRDs and CEL rules (harness/crd/parse-cache.ts).
 */
async function runWorker(worker: string, nodeFlags: string[], args: string[], caches: string): Promise<ProcessSample> {
  const start = performance.now();
  const { stdout } = await execFileAsync(process.execPath, [...nodeFlags, worker, ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 26,
    env: { ...process.env, NODE_COMPILE_CACHE: join(caches, "compile"), SLIPWAY_PARSE_CACHE: join(caches, "parsed") },
  });
  const sample = JSON.parse(stdout.trim().split("\n").pop()!) as Omit<ProcessSample, "wallMs">;
  return { ...sample, wallMs: performance.now() - start };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** One apps stack's process by phase, each phase's median over the set's apps stacks. */
function appsStackPhases(apps: ProcessSample[]) {
  const phases = { moduleLoad: median(apps.map((a) => a.moduleLoadMs)) };
  for (const stage of Object.keys(apps[0].stages))
    Object.assign(phases, { [stage]: median(apps.map((a) => a.stages[stage])) });
  return { wallMs: median(apps.map((a) => a.wallMs)), cpuMs: median(apps.map((a) => a.cpuMs)), phases };
}

/** One run of the set, its processes sharing the repetition's caches. */
async function runSet(
  worker: string,
  nodeFlags: string[],
  set: LayeredSet,
  concurrency: number,
  dir: string,
  caches: string,
) {
  const outputs = join(dir, "platform-outputs.json");
  const start = performance.now();
  const platform = await runWorker(
    worker,
    nodeFlags,
    [
      "--mode",
      "layered-platform",
      ...["--apps", String(set.apps), "--stacks", String(set.stacks)],
      "--capture",
      outputs,
    ],
    caches,
  );
  const apps: ProcessSample[] = [];
  let next = 0;
  const lane = async () => {
    while (next < set.stacks) {
      const index = next++;
      apps[index] = await runWorker(
        worker,
        nodeFlags,
        [
          ...["--mode", "layered-apps", "--apps", String(set.apps)],
          ...["--index", String(index), "--capture", outputs],
        ],
        caches,
      );
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  const peaks = apps.map((a) => a.peakRssMb).sort((a, b) => b - a);
  return {
    wallMs: performance.now() - start,
    platformMs: platform.wallMs,
    cpuMs: platform.cpuMs + apps.reduce((sum, a) => sum + a.cpuMs, 0),
    appsStack: appsStackPhases(apps),
    maxProcessRssMb: Math.max(platform.peakRssMb, ...peaks),
    concurrentRssBoundMb: Math.max(
      platform.peakRssMb,
      peaks.slice(0, concurrency).reduce((sum, rss) => sum + rss, 0),
    ),
    resources: platform.resources + apps.reduce((sum, a) => sum + a.resources, 0),
  };
}

const CONCURRENCY = [1, 2, 3];

const medianAndMin = <T>(runs: T[], key: (run: T) => number) => {
  const sorted = [...runs].sort((a, b) => key(a) - key(b));
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0] };
};

/**
 * Each repetition renders the same apps as one single stack (one process, as `npm run bench -- --apps`
 * renders it) and then the layered set at each concurrency, interleaved, so that the ratio of the
 * set's wall time to the single stack's compares runs under the same load. Both are measured the same
 * way: full renders in fresh processes, timed from their parent, sharing one set of caches per
 * repetition (compiled modules, parsed CRDs) that an unmeasured render has filled first, so that
 * neither side pays for filling them and both are what a machine that has rendered before sees (as
 * `npm run bench -- --apps` measures). Before, the single stack had an empty cache of its own and the
 * set's platform another, so each side paid the cold compile once.
 */
export async function measureLayered(
  worker: string,
  nodeFlags: string[],
  set: LayeredSet,
  repeat: number,
  dir: string,
) {
  const single: ProcessSample[] = [];
  const runs = new Map<number, Awaited<ReturnType<typeof runSet>>[]>(CONCURRENCY.map((c) => [c, []]));
  for (let i = 0; i < repeat; i++) {
    console.error(`${set.stacks * set.apps} apps in one stack: run ${i + 1} of ${repeat}`);
    const caches = mkdtempSync(join(dir, "caches-"));
    await runWorker(worker, nodeFlags, ["--mode", "render", "--apps", "1"], caches);
    const args = ["--mode", "render", "--apps", String(set.stacks * set.apps)];
    single.push(await runWorker(worker, nodeFlags, args, caches));
    for (const concurrency of CONCURRENCY) {
      console.error(`${set.stacks} apps stacks × ${set.apps} apps, ${concurrency} at once: run ${i + 1} of ${repeat}`);
      runs.get(concurrency)!.push(await runSet(worker, nodeFlags, set, concurrency, dir, caches));
    }
  }
  const singleStack = medianAndMin(single, (s) => s.wallMs);
  const results = CONCURRENCY.map((concurrency) => {
    const { median, min } = medianAndMin(runs.get(concurrency)!, (r) => r.wallMs);
    const ratio = { median: median.wallMs / singleStack.median.wallMs, min: min.wallMs / singleStack.min.wallMs };
    const cpuRatio = median.cpuMs / singleStack.median.cpuMs;
    return { concurrency, median, min, ratioToSingleStack: ratio, cpuRatioToSingleStack: cpuRatio };
  });
  return { ...set, repeat, singleStack, results };
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);

export function describeLayered(layered: Awaited<ReturnType<typeof measureLayered>>): string {
  const { median, min } = layered.singleStack;
  const lines = [
    `${layered.stacks} apps stacks × ${layered.apps} apps on one platform, ${layered.repeat} runs each, median (min):`,
    `  the same apps in one stack: ${seconds(median.wallMs)} s (${seconds(min.wallMs)}), CPU ${seconds(median.cpuMs)} s, ${median.peakRssMb.toFixed(0)} MB, ${median.resources} resources`,
    "  at once   wall s (min)   ÷ one stack (of mins)   CPU s   ÷ one stack   platform s   max process RSS MB   concurrent RSS bound MB   resources",
  ];
  for (const { concurrency, median, min, ratioToSingleStack: ratio, cpuRatioToSingleStack } of layered.results) {
    lines.push(
      `  ${String(concurrency).padStart(7)}   ${seconds(median.wallMs).padStart(6)} (${seconds(min.wallMs)})   ${ratio.median.toFixed(2).padStart(13)} (${ratio.min.toFixed(2)})   ${seconds(median.cpuMs).padStart(5)}   ${cpuRatioToSingleStack.toFixed(2).padStart(11)}   ${seconds(median.platformMs).padStart(10)}   ${median.maxProcessRssMb.toFixed(0).padStart(18)}   ${median.concurrentRssBoundMb.toFixed(0).padStart(23)}   ${median.resources}`,
    );
  }
  for (const { concurrency, median } of layered.results) {
    const { wallMs, cpuMs, phases } = median.appsStack;
    const parts = Object.entries(phases).map(([phase, ms]) => `${phase} ${ms.toFixed(0)}`);
    lines.push(
      `  one apps stack, ${concurrency} at once (median ms): wall ${wallMs.toFixed(0)}, CPU ${cpuMs.toFixed(0)}; ${parts.join(", ")}`,
    );
  }
  return lines.join("\n");
}
