/**
 * Replays how the Pulumi CLI starts the program, at the pinned SDK, against a fake monitor: the
 * Node.js language host spawns `node <@pulumi/pulumi/cmd/run> --monitor … --organization … --project …
 * --root-directory … --stack … --pwd … [--dry-run] <entry point>` with the stack's config in
 * PULUMI_CONFIG / PULUMI_CONFIG_SECRET_KEYS and PULUMI_NODEJS_TYPESCRIPT=true only when Pulumi.yaml's
 * `runtime.options.typescript` is (pulumi/pulumi v3.248.0 sdk/nodejs/cmd/pulumi-language-nodejs/main.go,
 * constructArguments and Run). The entry point is "." when Pulumi.yaml names no `main`: cmd/run then
 * takes package.json "main" (sdk/nodejs/cmd/run/run.ts).
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { PROJECT, type StackInput } from "../harness/run-program";
import { startFakeMonitor, type FirstRegistration } from "./fake-monitor";

export interface StartSample extends FirstRegistration {
  /** From spawning Node to the program's first registration. */
  ms: number;
  /** What the program printed before it (an error, if it stopped). */
  output: string;
}

/** Runs the start path once from `root` and stops the program at its first registration. */
export async function measureStart(root: string, input: StackInput): Promise<StartSample> {
  const monitor = await startFakeMonitor(PROJECT, input.stack);
  const options = parse(readFileSync(join(root, "Pulumi.yaml"), "utf8")).runtime.options ?? {};
  const env = {
    ...process.env,
    PULUMI_CONFIG: JSON.stringify(input.config),
    PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(input.secretKeys),
    ...(options.typescript === false ? {} : { PULUMI_NODEJS_TYPESCRIPT: "true" }),
  };
  const runPath = require.resolve("@pulumi/pulumi/cmd/run", { paths: [root] });
  const args = [runPath, "--monitor", monitor.address, "--organization", "organization", "--project", PROJECT];
  args.push("--root-directory", root, "--stack", input.stack, "--pwd", root, "--dry-run", ".");
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<never>((_, reject) =>
    child.on("exit", (code) =>
      reject(new Error(`the program exited (${code}) before registering anything:\n${output}`)),
    ),
  );
  try {
    const first = await Promise.race([monitor.firstRegistration, exited]);
    return { ...first, ms: first.at - started, output };
  } finally {
    child.kill();
    monitor.close();
  }
}
