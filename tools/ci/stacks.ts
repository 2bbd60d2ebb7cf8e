/**
 * What CI needs to know about the stacks in the repository: which exist, which a change affects, and
 * which policy config each is judged by. Plain functions; the CLIs in this folder only print them.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { RawStackConfig } from "../../config/stack";
import { policyConfigFile, stackPackConfig, type PackConfig } from "../harness/policy-config";
import { readStackFile, slipwayConfig } from "../harness/stack-file";
import type { CiStack } from "./layers";

/** Stack names from the `Pulumi.<stack>.yaml` files in `dir`, sorted. */
export function stackNames(dir = "."): string[] {
  return readdirSync(dir)
    .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
    .filter((stack): stack is string => stack !== undefined)
    .sort();
}

/** For a stack file that is not there: the stacks that are, so a typo is one look away. */
export function noSuchStackFile(file: string, dir = "."): string {
  const known = stackNames(dir);
  const here = known.length > 0 ? `the stacks here are ${known.join(", ")}` : "there is no Pulumi.<stack>.yaml here";
  return `${file}: no such stack file; ${here} (npm run render -- --stack <name>, or --config <file>)`;
}

/** A stack file's `slipway:*` keys as the program reads them. */
export function rawConfig(file: string, stack: string): RawStackConfig {
  return slipwayConfig(readStackFile(file, stack).config, file);
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
