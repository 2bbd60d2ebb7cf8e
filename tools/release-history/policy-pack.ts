/**
 * The policy pack a rollback's preview and update run with: the same pack and tier config as the
 * deploy workflow's `pulumi up` (its `policyPacks` / `policyPackConfigs`), so a rollback never skips a
 * guard-rail. The pack is the checkout's, not the target commit's: today's rules judge what is
 * deployed today, exactly as they would for a normal `up`. Checked before anything is changed.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { policyConfigForStack } from "../ci/stacks";
import { RollbackRefusal } from "./target";

export interface PolicyChoice {
  /** `--policy-pack`: the pack's directory; defaults to `policy`. Relative to the project directory. */
  pack?: string;
  /** `--policy-pack-config`: defaults to the stack tier's file, as `npm run policy-config` prints it. */
  config?: string;
}

/** Absolute paths, as the Automation API's `up` / `preview` options take them. */
export interface PolicyPackOptions {
  policyPacks: string[];
  policyPackConfigs: string[];
}

export function policyPackOptions(stack: string, projectDir: string, choice: PolicyChoice): PolicyPackOptions {
  const pack = resolve(projectDir, choice.pack ?? "policy");
  if (!existsSync(resolve(pack, "PulumiPolicy.yaml")))
    throw new RollbackRefusal(`${pack} is not a policy pack (no PulumiPolicy.yaml): pass --policy-pack <dir>`);
  if (!existsSync(resolve(pack, "node_modules")))
    throw new RollbackRefusal(
      `the policy pack's dependencies are not installed: run \`npm ci --prefix ${choice.pack ?? "policy"}\`, then retry`,
    );
  let config: string;
  try {
    config = resolve(projectDir, choice.config ?? policyConfigForStack(stack, projectDir));
  } catch (error) {
    throw new RollbackRefusal(`${(error as Error).message}; or pass --policy-pack-config <file>`);
  }
  if (!existsSync(config)) throw new RollbackRefusal(`policy pack config ${config} does not exist`);
  return { policyPacks: [pack], policyPackConfigs: [config] };
}
