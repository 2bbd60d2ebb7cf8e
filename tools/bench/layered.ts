/**
 * The layered set (`npm run bench -- --layers 20x25`): one platform stack rendered, then N apps stacks
 * of M apps each rendered against its outputs, one stack per process, with 1, 2 and 3 processes at
 * once. Wall time is the whole set's, from the platform's start to the last apps stack's end. Memory
 * is reported two ways: the largest single process's peak RSS, and an upper bound on the machine's
 * peak (the platform's peak, or the sum of the `concurrency` largest apps-stack peaks if that is more:
 * processes that overlap can at most all be at their peaks together).
 */
import { execFile } from "node:child_process";
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

async function runWorker(worker: string, nodeFlags: string[], args: string[]): Promise<ProcessSample> {
  const start = performance.now();
  const { stdout } = await execFileAsync(process.execPath, [...nodeFlags, worker, ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  const sample = JSON.parse(stdout.trim().split("\n").pop()!) as { peakRssMb: number; resources: number };
  return { wallMs: performance.now() - start, peakRssMb: sample.peakRssMb, resources: sample.resources };
}

async function runSet(worker: string, nodeFlags: string[], set: LayeredSet, concurrency: number, dir: string) {
  const outputs = join(dir, "platform-outputs.json");
  const start = performance.now();
  const platform = await runWorker(worker, nodeFlags, [
    "--mode",
    "layered-platform",
    ...["--apps", String(set.apps), "--stacks", String(set.stacks)],
    "--capture",
    outputs,
  ]);
  const apps: ProcessSample[] = [];
  let next = 0;
  const lane = async () => {
    while (next < set.stacks) {
      const index = next++;
      apps[index] = await runWorker(worker, nodeFlags, [
        ...["--mode", "layered-apps", "--apps", String(set.apps)],
        ...["--index", String(index), "--capture", outputs],
      ]);
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

export async function measureLayered(
  worker: string,
  nodeFlags: string[],
  set: LayeredSet,
  repeat: number,
  dir: string,
) {
  const results = [];
  for (const concurrency of CONCURRENCY) {
    const runs = [];
    for (let i = 0; i < repeat; i++) {
      console.error(`${set.stacks} apps stacks × ${set.apps} apps, ${concurrency} at once: run ${i + 1} of ${repeat}`);
      runs.push(await runSet(worker, nodeFlags, set, concurrency, dir));
    }
    const sorted = [...runs].sort((a, b) => a.wallMs - b.wallMs);
    results.push({ concurrency, median: sorted[Math.floor(sorted.length / 2)], min: sorted[0] });
  }
  return { ...set, repeat, results };
}

export function describeLayered(layered: Awaited<ReturnType<typeof measureLayered>>): string {
  const lines = [
    `${layered.stacks} apps stacks × ${layered.apps} apps on one platform, ${layered.repeat} runs each, median (min):`,
    "  at once   wall s (min)   platform s   max process RSS MB   concurrent RSS bound MB   resources",
  ];
  for (const { concurrency, median, min } of layered.results) {
    lines.push(
      `  ${String(concurrency).padStart(7)}   ${(median.wallMs / 1000).toFixed(1).padStart(6)} (${(min.wallMs / 1000).toFixed(1)})   ${(median.platformMs / 1000).toFixed(1).padStart(10)}   ${median.maxProcessRssMb.toFixed(0).padStart(18)}   ${median.concurrentRssBoundMb.toFixed(0).padStart(23)}   ${median.resources}`,
    );
  }
  return lines.join("\n");
}
