/**
 * The policy pack's config per environment tier: policy/config/<environment>.json, the same file CI
 * passes to `pulumi preview --policy-pack-config`. Levels resolve as the Pulumi CLI resolves them: a
 * policy's own entry, else `all`, else the policy's level, else the pack's default.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { EnforcementLevel, Policy } from "@pulumi/policy";
import { appsStackNamespaces, isAppsStack } from "../../config/apps-stack";
import { granteeOf } from "../../config/review-stack";
import type { RawStackConfig } from "../../config/stack";
import { APPS_STACK_ISOLATION } from "../../policy/policies/apps-stack";
import { APPS_STACK_IAM } from "../../policy/policies/apps-stack-iam";
import { APPS_STACK_OWNERSHIP } from "../../policy/policies/apps-stack-ownership";

type Entry = EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>);
export type PackConfig = Record<string, Entry>;

/** The directory holding Pulumi.yaml, whether this runs from the sources or compiled in .build/. */
function projectRoot(dir: string): string {
  if (existsSync(join(dir, "Pulumi.yaml"))) return dir;
  if (dirname(dir) === dir) throw new Error(`no Pulumi.yaml above ${__dirname}`);
  return projectRoot(dirname(dir));
}

const REPO_ROOT = projectRoot(__dirname);

/** Relative to the repository root, as workflows and docs/policies.md spell it. */
export function policyConfigFile(environment: string): string {
  return join("policy", "config", `${environment}.json`);
}

/** An apps stack's own config file, written by `npm run policy-config` (tools/ci/stacks.ts); not committed. */
function appsStackPolicyConfigFile(stack: string): string {
  return join("policy", "config", "stacks", `${stack}.json`);
}

/**
 * The pack config a stack is judged by, in CI and in the render alike: its tier's, and for an apps
 * stack the isolation rule with the stack's namespaces and the ownership and IAM rules with the
 * stack's name (its grants come from the platform's StackReference), mandatory in every tier (a breach in dev
 * reaches the shared cluster as much as one in prod).
 */
export function stackPackConfig(
  stack: string,
  raw: RawStackConfig,
  tier: PackConfig = readPackConfig(String(raw.environment)),
): { file: string; config: PackConfig } {
  if (!isAppsStack(raw)) return { file: policyConfigFile(String(raw.environment)), config: tier };
  const isolation = { enforcementLevel: "mandatory" as const, namespaces: appsStackNamespaces(raw) };
  // A review stack's grants are its review tenant's (config/review-grants.ts).
  const byStack = { enforcementLevel: "mandatory" as const, stack: granteeOf(stack, raw.review) };
  return {
    file: appsStackPolicyConfigFile(stack),
    config: { ...tier, [APPS_STACK_ISOLATION]: isolation, [APPS_STACK_OWNERSHIP]: byStack, [APPS_STACK_IAM]: byStack },
  };
}

export function readPackConfig(environment: string): PackConfig {
  const file = join(REPO_ROOT, policyConfigFile(environment));
  if (!existsSync(file))
    throw new Error(`no policy config for environment "${environment}": add ${policyConfigFile(environment)}`);
  return JSON.parse(readFileSync(file, "utf8")) as PackConfig;
}

function levelOf(entry: Entry | undefined): EnforcementLevel | undefined {
  return typeof entry === "string" ? entry : entry?.enforcementLevel;
}

export function enforcementOf(policy: Policy, config: PackConfig, packDefault: EnforcementLevel): EnforcementLevel {
  return levelOf(config[policy.name]) ?? levelOf(config.all) ?? policy.enforcementLevel ?? packDefault;
}

/** What `args.getConfig()` returns to the policy: its entry without the enforcement level. */
export function settingsOf(policy: Policy, config: PackConfig): Record<string, unknown> {
  const entry = config[policy.name];
  if (typeof entry !== "object") return {};
  const { enforcementLevel: _level, ...settings } = entry;
  return settings;
}
