/**
 * `npm run start-time -- [--stack dev] [--repeat 5] [--update]`: how long a real `pulumi preview` takes
 * from starting Node to the program's first registration, replaying the CLI's start path at the
 * pinned SDK (tools/start-time/start-path.ts) on the bundle `npm run build` made (the npm script
 * builds first). Each run is a fresh process with an empty compile cache; prints median and min. Results, with the machine and
 * versions they ran on, go to out/bench/start-time.json, or to the committed bench/start-time.json
 * with --update.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { runCommand } from "./cli";
import { startTimeCommand, type StartTimeOptions } from "./commands";
import { readStackFile } from "./harness/stack-file";
import { measureStart } from "./start-time/start-path";

const version = (pkg: string) =>
  (JSON.parse(readFileSync(join("node_modules", pkg, "package.json"), "utf8")) as { version: string }).version;

async function startTime(options: StartTimeOptions): Promise<number> {
  const input = readStackFile(`Pulumi.${options.stack}.yaml`, options.stack);
  const samples: number[] = [];
  for (let run = 1; run <= options.repeat; run++) {
    // Cold: each run's compile cache (stacks/compile-cache.ts) starts empty, as on a fresh CI machine.
    const cache = mkdtempSync(join(tmpdir(), "slipway-start-cache-"));
    process.env.NODE_COMPILE_CACHE = cache;
    const sample = await measureStart(process.cwd(), input).finally(() =>
      rmSync(cache, { recursive: true, force: true }),
    );
    samples.push(Math.round(sample.ms));
    console.log(`run ${run}: ${samples[samples.length - 1]} ms to ${sample.call} ${sample.type} ${sample.name}`);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const result = {
    stack: options.stack,
    medianMs: sorted[Math.floor(sorted.length / 2)],
    minMs: sorted[0],
    samplesMs: samples,
    machine: { cpu: cpus()[0]?.model, cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30) },
    versions: { node: process.versions.node, "@pulumi/pulumi": version("@pulumi/pulumi") },
  };
  console.log(`cold start to first registration: median ${result.medianMs} ms, min ${result.minMs} ms`);
  mkdirSync(dirname(options.resultsFile), { recursive: true });
  writeFileSync(options.resultsFile, `${JSON.stringify(result, null, 2)}\n`);
  return 0;
}

runCommand(startTimeCommand, startTime);
