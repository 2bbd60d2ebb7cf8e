/**
 * The only place that reads Pulumi config. It collects every `slipway:*` key, validates the whole
 * stack config at once and throws one ConfigError listing every problem, before any resource exists.
 */
import * as pulumi from "@pulumi/pulumi";
import { secretsDigest } from "../config/content-hash";
import { ConfigError, type ConfigProblem } from "../config/errors";
import { PROJECT_NAMESPACE, unknownNamespaceProblems } from "../config/namespaces";
import { webhookSecret } from "../config/notifications";
import { own } from "../config/raw";
import { plainSecretsKeyProblem, SECRETS_KEY, secretKeyProblem } from "../config/secret-placement";
import { buildDigest } from "./build-context";
import { chartValuesContractProblems } from "./chart-values-contract";
import { parseStackConfig, type ParsedStackConfig, type RawStackConfig } from "../config/stack";
import type { AppSecrets, StackConfig } from "../config/types";

/**
 * The engine's list of secret config keys. The SDK exports this lookup (runtime/config.js) but marks
 * it internal, hence the cast; it is the only way to tell a decrypted value from a plain one.
 */
const isConfigSecret = (pulumi.runtime as unknown as { isConfigSecret(this: void, key: string): boolean })
  .isConfigSecret;

/** Secrets only under slipway:secrets, and nothing but secrets there (see config/secret-placement.ts). */
function secretPlacementProblems(raw: RawStackConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const key of Object.keys(raw).sort()) {
    const fullKey = `${PROJECT_NAMESPACE}:${key}`;
    if (fullKey !== SECRETS_KEY && isConfigSecret(fullKey)) problems.push(secretKeyProblem(fullKey));
  }
  const secrets = raw.secrets;
  const hasValues = secrets !== null && typeof secrets === "object" && Object.keys(secrets).length > 0;
  if (hasValues && !isConfigSecret(SECRETS_KEY)) problems.push(plainSecretsKeyProblem());
  return problems;
}

const REPLACEMENT_CHARACTER_MESSAGE =
  "holds U+FFFD, the mark of bytes that were not valid UTF-8 when the stack file was read: save Pulumi.<stack>.yaml as UTF-8 and set the value again";

/** Every `slipway:*` key of the stack, objects decoded from their JSON form. */
function readRawConfig(): RawStackConfig | ConfigProblem[] {
  // No prototype: a `slipway:__proto__` key is then an own key the schema reports, not a prototype swap.
  const raw = Object.create(null) as RawStackConfig;
  const all = pulumi.runtime.allConfig();
  const problems: ConfigProblem[] = unknownNamespaceProblems(Object.keys(all));
  for (const fullKey of Object.keys(all).sort()) {
    if (!fullKey.startsWith(`${PROJECT_NAMESPACE}:`)) continue;
    const key = fullKey.slice(PROJECT_NAMESPACE.length + 1);
    const text = all[fullKey];
    // The CLI decodes the stack file as UTF-8 and puts U+FFFD where bytes were not; refuse rather than
    // ship it (the value is not echoed: it may be a secret).
    if (text.includes("\uFFFD")) {
      problems.push({ key: fullKey, message: REPLACEMENT_CHARACTER_MESSAGE });
      continue;
    }
    try {
      raw[key] = text.trimStart().startsWith("{") || text.trimStart().startsWith("[") ? JSON.parse(text) : text;
    } catch {
      problems.push({ key: fullKey, message: "expected valid JSON for a structured value" });
    }
  }
  problems.push(...secretPlacementProblems(raw));
  return problems.length > 0 ? problems : raw;
}

export interface ReadConfig {
  /** The `slipway:*` values as the stack holds them, for rules an apps stack checks against its platform. */
  raw: RawStackConfig;
  parsed: ParsedStackConfig;
}

/** Reads and validates the stack's own config; an apps stack is checked against its platform afterwards. */
export function readStackConfig(): ReadConfig {
  const raw = readRawConfig();
  if (Array.isArray(raw)) throw new ConfigError(raw);
  const result = parseStackConfig(raw, pulumi.getStack());
  // Chart values against their charts' contracts: a key the schema already refused is not refused twice.
  const refused = new Set(result.ok ? [] : result.problems.map(({ key }) => key));
  const contract = chartValuesContractProblems(raw.platform).filter(({ key }) => !refused.has(key));
  if (!result.ok || contract.length > 0) throw new ConfigError([...(result.ok ? [] : result.problems), ...contract]);
  return { raw, parsed: result.config };
}

/** The validated config as the program uses it: build contexts digested, secrets wrapped. */
export function finishStackConfig(parsed: ParsedStackConfig): StackConfig {
  const { secrets: stored, ...rest } = parsed;
  const { secrets, webhookUrl } = withoutWebhook(stored, parsed.notifications);
  const buildDigests = digestBuilds(rest.apps);
  if (Array.isArray(buildDigests)) throw new ConfigError(buildDigests);
  return {
    ...rest,
    stack: pulumi.getStack(),
    project: pulumi.getProject(),
    secrets: wrapSecrets(secrets),
    webhookUrl: webhookUrl === undefined ? undefined : pulumi.secret(webhookUrl),
    secretDigests: Object.fromEntries(
      Object.entries(secrets).map(([app, values]) => [app, (key: string) => secretsDigest(key, values)]),
    ),
    buildDigests,
  };
}

/**
 * The notification webhook's URL is stored among its app's secrets (`<app>.<NAME>`) so that it is set
 * like any secret, but it is the notification Secret's alone: the app's env Secret (and the digest
 * naming it) leaves it out, so the app's pods never hold it and a new URL is no release of the app.
 */
function withoutWebhook(
  stored: ParsedStackConfig["secrets"],
  notifications: ParsedStackConfig["notifications"],
): { secrets: ParsedStackConfig["secrets"]; webhookUrl?: string } {
  if (!notifications) return { secrets: stored };
  const { app, name } = webhookSecret(notifications);
  // The config check makes sure the secret is there; own(): an app may be named `constructor`.
  const { [name]: webhookUrl, ...rest } = own(stored, app) ?? {};
  return { secrets: { ...stored, [app]: rest }, webhookUrl };
}

/** Build contexts are read here, with the config, so components never touch the file system. */
function digestBuilds(apps: ParsedStackConfig["apps"]): Record<string, string> | ConfigProblem[] {
  const digests: Record<string, string> = {};
  const problems: ConfigProblem[] = [];
  for (const [app, { build }] of Object.entries(apps)) {
    if (!build) continue;
    const result = buildDigest(process.cwd(), build);
    if ("digest" in result) digests[app] = result.digest;
    else problems.push({ key: `slipway:apps.${app}.build.${result.field}`, message: result.message });
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
