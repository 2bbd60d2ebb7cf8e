/**
 * The layered set (`npm run bench -- --layers 20x25`): one platform stack rendered, then N apps stacks
 * of M apps each rendered against its outputs, one stack per process, with 1, 2 and 3 processes at
 * once. Wall time is the whole set's, from the platform's start to the last apps stack's end. Memory
 * is reported two ways: the largest single process's peak RSS, and an upper bound on the machine's
 * peak (the platform's peak, or the sum of the `concurrency` largest apps-stack peaks if that is more:
 * processes that overlap can at most all be at their peaks together). The target: two at once within
 * 1.5× of the same apps rendered as one stack.
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

interface ProcessSample {
  wallMs: number;
  peakRssMb: number;
  resources: number;
}

/** `compileCache`: the folder of Node's module compile cache (stacks/compile-cache.ts) this process shares. */
async function runWorker(
  worker: string,
  nodeFlags: string[],
  args: string[],
  compileCache: string,
): Promise<ProcessSample> {
  const start = performance.now();
  const { stdout } = await execFileAsync(process.execPath, [...nodeFlags, worker, ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 26,
    env: { ...process.env, NODE_COMPILE_CACHE: compileCache },
  });
  const sample = JSON.parse(stdout.trim().split("\n").pop()!) as { peakRssMb: number; resources: number };
  return { wallMs: performance.now() - start, peakRssMb: sample.peakRssMb, resources: sample.resources };
}

/**
 * One run of the set on a machine of its own: a compile cache that starts empty and that its processes
 * share, as one CI machine rendering the stacks one after another would have.
 */
async function runSet(worker: string, nodeFlags: string[], set: LayeredSet, concurrency: number, dir: string) {
  const outputs = join(dir, "platform-outputs.json");
  const compileCache = mkdtempSync(join(dir, "compile-cache-"));
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
    compileCache,
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
        compileCache,
      );
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  const peaks = apps.map((a) => a.peakRssMb).sort((a, b) => b - a);
  return {
    wallMs: performance.now() - start,
    platformMs: platform.wallMs,
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
 * set's wall time to the single stack's compares runs under the same load.
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
    const args = ["--mode", "render", "--apps", String(set.stacks * set.apps)];
    single.push(await runWorker(worker, nodeFlags, args, mkdtempSync(join(dir, "compile-cache-"))));
    for (const concurrency of CONCURRENCY) {
      console.error(`${set.stacks} apps stacks × ${set.apps} apps, ${concurrency} at once: run ${i + 1} of ${repeat}`);
      runs.get(concurrency)!.push(await runSet(worker, nodeFlags, set, concurrency, dir));
    }
  }
  const singleStack = medianAndMin(single, (s) => s.wallMs);
  const results = CONCURRENCY.map((concurrency) => {
    const { median, min } = medianAndMin(runs.get(concurrency)!, (r) => r.wallMs);
    const ratio = { median: median.wallMs / singleStack.median.wallMs, min: min.wallMs / singleStack.min.wallMs };
    return { concurrency, median, min, ratioToSingleStack: ratio };
  });
  return { ...set, repeat, singleStack, results };
}

export function describeLayered(layered: Awaited<ReturnType<typeof measureLayered>>): string {
  const { median, min } = layered.singleStack;
  const lines = [
    `${layered.stacks} apps stacks × ${layered.apps} apps on one platform, ${layered.repeat} runs each, median (min):`,
    `  the same apps in one stack: ${(median.wallMs / 1000).toFixed(1)} s (${(min.wallMs / 1000).toFixed(1)}), ${median.peakRssMb.toFixed(0)} MB, ${median.resources} resources`,
    "  at once   wall s (min)   ÷ one stack (of mins)   platform s   max process RSS MB   concurrent RSS bound MB   resources",
  ];
  for (const { concurrency, median, min, ratioToSingleStack: ratio } of layered.results) {
    lines.push(
      `  ${String(concurrency).padStart(7)}   ${(median.wallMs / 1000).toFixed(1).padStart(6)} (${(min.wallMs / 1000).toFixed(1)})   ${ratio.median.toFixed(2).padStart(13)} (${ratio.min.toFixed(2)})   ${(median.platformMs / 1000).toFixed(1).padStart(10)}   ${median.maxProcessRssMb.toFixed(0).padStart(18)}   ${median.concurrentRssBoundMb.toFixed(0).padStart(23)}   ${median.resources}`,
    );
  }
  return lines.join("\n");
}
