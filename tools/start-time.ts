/**
 * `npm run start-time -- [--stack dev] [--repeat 5] [--update]`: how long a real `pulumi preview` takes
 * from starting Node to the program's first registration, replaying the CLI's start path at the
 * pinned SDK (tools/start-time/start-path.ts) on the bundle `npm run build` made (the npm script
 * builds first). Each run is a fresh process; prints median and min. Results, with the machine and
 * versions they ran on, go to out/bench/start-time.json, or to the committed bench/start-time.json
 * with --update.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { requiredString, runCommand, type Command } from "./cli";
import { readStackFile } from "./harness/stack-file";
import { measureStart } from "./start-time/start-path";

interface StartTimeOptions {
  stack: string;
  repeat: number;
  resultsFile: string;
}

const startTimeCommand: Command<StartTimeOptions> = {
  usage: [
    "usage: npm run start-time -- [--stack dev] [--repeat 5] [--update]",
    "  --stack   the stack whose Pulumi.<stack>.yaml configures the runs (default dev)",
    "  --repeat  fresh processes to time (default 5)",
    "  --update  write bench/start-time.json (default: out/bench/start-time.json)",
    "example: npm run start-time -- --stack prod --repeat 9",
  ].join("\n"),
  options: {
    stack: { type: "string", default: "dev" },
    repeat: { type: "string", default: "5" },
    update: { type: "boolean" },
  },
  read: (flags) => {
    const repeat = Number(flags.repeat);
    if (!Number.isInteger(repeat) || repeat < 1)
      throw new Error(`--repeat: expected a positive integer, got ${flags.repeat}`);
    return {
      stack: requiredString(flags, "stack"),
      repeat,
      resultsFile: flags.update ? "bench/start-time.json" : "out/bench/start-time.json",
    };
  },
};

const version = (pkg: string) =>
  (JSON.parse(readFileSync(join("node_modules", pkg, "package.json"), "utf8")) as { version: string }).version;

async function startTime(options: StartTimeOptions): Promise<number> {
  const input = readStackFile(`Pulumi.${options.stack}.yaml`, options.stack);
  const samples: number[] = [];
  for (let run = 1; run <= options.repeat; run++) {
    const sample = await measureStart(process.cwd(), input);
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
