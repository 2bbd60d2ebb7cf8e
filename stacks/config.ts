/**
 * The only place that reads Pulumi config. It collects every `slipway:*` key, validates the whole
 * stack config at once and throws one ConfigError listing every problem, before any resource exists.
 */
import * as pulumi from "@pulumi/pulumi";
import { secretsDigest } from "../components/app/content-hash";
import { describeProblem, type ConfigProblem } from "./schema/errors";
import { buildDigest } from "./build-context";
import { parseStackConfig, type ParsedStackConfig, type RawStackConfig } from "./schema/stack";

export type { AppConfig, ProcessSettings, HealthcheckConfig } from "./schema/app";
export type { PlatformConfig } from "./schema/platform";
export type { AnalysisConfig, BlueGreenStrategy, CanaryStep, CanaryStrategy, Duration, StrategyConfig } from "./schema/strategy";
export type { ClusterConfig, EksClusterConfig, ExistingClusterConfig } from "./schema/cluster";
export type { NetworkConfig } from "./schema/network";
export type { NodeGroupConfig } from "./schema/node-group";
export type { RegistryConfig } from "./schema/registry";
export type { ArtifactsConfig } from "./schema/artifacts";
export type { BuildConfig } from "./schema/build";
export type { Tier } from "./schema/tiers";

/** App secrets: names in the clear, every value a Pulumi secret. */
export type AppSecrets = Record<string, pulumi.Output<string>>;

/** Keyed digest of one app's secrets; the plain values stay inside this closure. */
export type SecretsDigest = (key: string) => string;

export interface StackConfig extends Omit<ParsedStackConfig, "secrets"> {
  stack: string;
  project: string;
  secrets: Record<string, AppSecrets>;
  /** Per app with secrets: lets a Secret be named synchronously once the naming key is known. */
  secretDigests: Record<string, SecretsDigest>;
  /** Content digests of the apps that build their image (`build:`), by app name. */
  buildDigests: Record<string, string>;
}

export class ConfigError extends Error {
  constructor(public readonly problems: ConfigProblem[]) {
    super(`Invalid stack config (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map((p) => `  ${describeProblem(p)}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

const NAMESPACE = "slipway";

/** Every `slipway:*` key of the stack, objects decoded from their JSON form. */
function readRawConfig(): RawStackConfig | ConfigProblem[] {
  const raw: RawStackConfig = {};
  const problems: ConfigProblem[] = [];
  const all = pulumi.runtime.allConfig();
  for (const fullKey of Object.keys(all).sort()) {
    if (!fullKey.startsWith(`${NAMESPACE}:`)) continue;
    const key = fullKey.slice(NAMESPACE.length + 1);
    const text = all[fullKey];
    try {
      raw[key] = text.trimStart().startsWith("{") || text.trimStart().startsWith("[") ? JSON.parse(text) : text;
    } catch {
      problems.push({ key: fullKey, message: "expected valid JSON for a structured value" });
    }
  }
  return problems.length > 0 ? problems : raw;
}

export function loadStackConfig(): StackConfig {
  const raw = readRawConfig();
  if (Array.isArray(raw)) throw new ConfigError(raw);
  const result = parseStackConfig(raw);
  if (!result.ok) throw new ConfigError(result.problems);
  const { secrets, ...rest } = result.config;
  const buildDigests = digestBuilds(rest.apps);
  if (Array.isArray(buildDigests)) throw new ConfigError(buildDigests);
  return {
    ...rest,
    stack: pulumi.getStack(),
    project: pulumi.getProject(),
    secrets: wrapSecrets(secrets),
    secretDigests: Object.fromEntries(Object.entries(secrets).map(([app, values]) => [app, (key: string) => secretsDigest(key, values)])),
    buildDigests,
  };
}

/** Build contexts are read here, with the config, so components never touch the file system. */
function digestBuilds(apps: ParsedStackConfig["apps"]): Record<string, string> | ConfigProblem[] {
  const digests: Record<string, string> = {};
  const problems: ConfigProblem[] = [];
  for (const [app, { build }] of Object.entries(apps)) {
    if (!build) continue;
    const digest = buildDigest(process.cwd(), build);
    if (digest) digests[app] = digest;
    else problems.push({ key: `slipway:apps.${app}.build.context`, message: `expected a directory of the project, but ${build.context} does not exist` });
  }
  return problems.length > 0 ? problems : digests;
}

/**
 * Names must be validated before any resource is registered, so the tree is read once in plain form
 * (as `Config.getSecretObject` does internally) and every value is wrapped as a secret right here.
 */
function wrapSecrets(tree: Record<string, Record<string, string>>): Record<string, AppSecrets> {
  const wrapped: Record<string, AppSecrets> = {};
  for (const app of Object.keys(tree).sort()) {
    wrapped[app] = {};
    for (const name of Object.keys(tree[app]).sort()) wrapped[app][name] = pulumi.secret(tree[app][name]);
  }
  return wrapped;
}
