/**
 * What CI needs to know about the stacks in the repository: which exist, which a change affects, and
 * which policy config each is judged by. Plain functions; the CLIs in this folder only print them.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { policyConfigFile } from "../harness/policy-config";
import { readStackFile } from "../harness/stack-file";
import type { CiStack } from "./layers";

/** Stack names from the `Pulumi.<stack>.yaml` files in `dir`, sorted. */
export function stackNames(dir = "."): string[] {
  return readdirSync(dir)
    .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
    .filter((stack): stack is string => stack !== undefined)
    .sort();
}

/** Files that cannot change what any stack deploys. */
const INERT = [/\.md$/, /^docs\//, /^test\//, /^LICENSE$/];

/**
 * The stacks whose preview a change can alter, in the order of `stacks`. A stack file changes its own
 * stack, and a platform stack's file also the apps stacks on that platform (they read its outputs); an
 * apps stack's file changes only that stack. Anything else that is not documentation or tests (program,
 * components, config schema, policy pack, lockfile, workflows) is shared code: it changes every stack.
 */
export function affectedStacks(changedFiles: string[], stacks: CiStack[]): string[] {
  const affected = new Set<string>();
  for (const file of changedFiles) {
    const name = /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1];
    if (name !== undefined) {
      for (const stack of stacks) if (stack.name === name || stack.platform === name) affected.add(stack.name);
    } else if (!INERT.some((pattern) => pattern.test(file))) {
      return stacks.map((stack) => stack.name);
    }
  }
  return stacks.filter((stack) => affected.has(stack.name)).map((stack) => stack.name);
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
