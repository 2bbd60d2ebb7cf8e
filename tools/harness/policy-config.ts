/**
 * The policy pack's config per environment tier: policy/config/<environment>.json, the same file CI
 * passes to `pulumi preview --policy-pack-config`. Levels resolve as the Pulumi CLI resolves them: a
 * policy's own entry, else `all`, else the policy's level, else the pack's default.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { EnforcementLevel, Policy } from "@pulumi/policy";

type Entry = EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>);
export type PackConfig = Record<string, Entry>;

/** The directory holding Pulumi.yaml, whether this runs from the sources or compiled in .build/. */
function projectRoot(dir: string): string {
  if (existsSync(join(dir, "Pulumi.yaml"))) return dir;
  if (dirname(dir) === dir) throw new Error(`no Pulumi.yaml above ${__dirname}`);
  return projectRoot(dirname(dir));
}

const REPO_ROOT = projectRoot(__dirname);

/** Relative to the repository root, as workflows and the README spell it. */
export function policyConfigFile(environment: string): string {
  return join("policy", "config", `${environment}.json`);
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
