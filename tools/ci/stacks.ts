/**
 * What CI needs to know about the stacks in the repository: which exist, which a change affects, and
 * which policy config each is judged by. Plain functions; the CLIs in this folder only print them.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parseStackConfig, type RawStackConfig } from "../../config/stack";
import { policyConfigFile } from "../harness/policy-config";
import { readStackFile } from "../harness/stack-file";

/** Stack names from the `Pulumi.<stack>.yaml` files in `dir`, sorted. */
export function stackNames(dir = "."): string[] {
  return readdirSync(dir)
    .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
    .filter((stack): stack is string => stack !== undefined)
    .sort();
}

/** A stack file's `slipway:*` keys as the program reads them (objects JSON-decoded, as stacks/config.ts does). */
function rawConfig(file: string, stack: string): RawStackConfig {
  const raw: RawStackConfig = {};
  for (const [key, text] of Object.entries(readStackFile(file, stack).config)) {
    if (!key.startsWith("slipway:")) continue;
    const structured = /^\s*[[{]/.test(text);
    try {
      raw[key.slice("slipway:".length)] = structured ? JSON.parse(text) : text;
    } catch {
      throw new Error(`${file}: ${key}: expected valid JSON for a structured value`);
    }
  }
  return raw;
}

/**
 * Whether CI can preview the stack. CI jobs hold an AWS role and the Pulumi backend, never a
 * kubeconfig: a stack with `slipway:cluster.mode: existing` (the schema's default) deploys to a
 * kubeconfig context of the machine running `pulumi`, such as `local`'s kind cluster, which a
 * runner cannot reach. Only `mode: eks` stacks are previewed and checked for drift.
 */
function ciReachable(stack: string, dir = "."): boolean {
  const file = join(dir, `Pulumi.${stack}.yaml`);
  const parsed = parseStackConfig(rawConfig(file, stack));
  if (!parsed.ok) {
    const problems = parsed.problems.map((p) => `  ${p.key}: ${p.message}`);
    throw new Error(`${file}: invalid stack config:\n${problems.join("\n")}`);
  }
  return parsed.config.cluster.mode === "eks";
}

/** The stacks CI previews and checks for drift: every stack file whose cluster CI can reach. */
export function ciStacks(dir = "."): string[] {
  return stackNames(dir).filter((stack) => ciReachable(stack, dir));
}

/** Files that cannot change what any stack deploys. */
const INERT = [/\.md$/, /^docs\//, /^test\//, /^LICENSE$/];

/**
 * The stacks whose preview a change can alter: a stack file changes only its own stack; anything else
 * that is not documentation or tests (program, components, policy pack, lockfile, workflows) changes all.
 */
export function affectedStacks(changedFiles: string[], stacks: string[]): string[] {
  const affected = new Set<string>();
  for (const file of changedFiles) {
    const stack = /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1];
    if (stack !== undefined) {
      if (stacks.includes(stack)) affected.add(stack);
    } else if (!INERT.some((pattern) => pattern.test(file))) {
      return [...stacks];
    }
  }
  return stacks.filter((stack) => affected.has(stack));
}

/** The pack config for a stack's environment tier, as a path from the repository root. */
export function policyConfigForStack(stack: string, dir = "."): string {
  const input = readStackFile(join(dir, `Pulumi.${stack}.yaml`), stack);
  const environment = input.config["slipway:environment"];
  if (!environment) throw new Error(`Pulumi.${stack}.yaml: slipway:environment is not set`);
  const file = policyConfigFile(environment);
  if (!existsSync(join(dir, file)))
    throw new Error(`Pulumi.${stack}.yaml: no policy config for environment "${environment}": add ${file}`);
  return file;
}
