/**
 * What CI needs to know about the stacks in the repository: which exist, which a change affects, and
 * which policy config each is judged by. Plain functions; the CLIs in this folder only print them.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseStackConfig, type RawStackConfig } from "../../config/stack";
import { policyConfigFile, stackPackConfig, type PackConfig } from "../harness/policy-config";
import { readStackFile, slipwayConfig } from "../harness/stack-file";

/** Stack names from the `Pulumi.<stack>.yaml` files in `dir`, sorted. */
export function stackNames(dir = "."): string[] {
  return readdirSync(dir)
    .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
    .filter((stack): stack is string => stack !== undefined)
    .sort();
}

/** A stack file's `slipway:*` keys as the program reads them. */
function rawConfig(file: string, stack: string): RawStackConfig {
  return slipwayConfig(readStackFile(file, stack).config, file);
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

/**
 * The pack config file a stack is judged by, as a path from the repository root: its tier's file, or
 * for an apps stack a file written here with the stack's namespaces added (stackPackConfig).
 */
export function policyConfigForStack(stack: string, dir = "."): string {
  const file = join(dir, `Pulumi.${stack}.yaml`);
  const raw = rawConfig(file, stack);
  if (typeof raw.environment !== "string") throw new Error(`Pulumi.${stack}.yaml: slipway:environment is not set`);
  const tierFile = policyConfigFile(raw.environment);
  if (!existsSync(join(dir, tierFile)))
    throw new Error(`Pulumi.${stack}.yaml: no policy config for environment "${raw.environment}": add ${tierFile}`);
  const pack = stackPackConfig(stack, raw, JSON.parse(readFileSync(join(dir, tierFile), "utf8")) as PackConfig);
  if (pack.file !== tierFile) {
    mkdirSync(dirname(join(dir, pack.file)), { recursive: true });
    writeFileSync(join(dir, pack.file), `${JSON.stringify(pack.config, null, 2)}\n`);
  }
  return pack.file;
}
