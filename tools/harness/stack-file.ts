/**
 * Reads a `Pulumi.<stack>.yaml` into the runtime config the SDK would receive, with every encrypted
 * value replaced by a placeholder (./secure-values.ts). A file that cannot be read or parsed is a
 * StackFileError; values in the wrong place are a ConfigError naming each key. Both mean exit code 2.
 */
import { readFileSync } from "node:fs";
import { ConfigError, type ConfigProblem } from "../../config/errors";
import { withoutSecretKeys } from "../../config/secret-keys";
import type { RawStackConfig } from "../../config/stack";
import type { StackInput } from "./run-program";
import { substituteSecure } from "./secure-values";
import { parseStackYaml } from "./stack-yaml";

export class StackFileError extends Error {}

export function readStackFile(file: string, stack: string): StackInput {
  let document: unknown;
  try {
    document = parseStackYaml(readFileSync(file));
  } catch (error) {
    throw new StackFileError(`${file}: cannot read stack file: ${(error as Error).message}`);
  }
  const config = (document as { config?: Record<string, unknown> } | null)?.config ?? {};
  const runtimeConfig: Record<string, string> = {};
  const secretKeys: string[] = [];
  const problems: ConfigProblem[] = [];
  for (const key of Object.keys(config).sort()) {
    const { value, secure, problems: found } = substituteSecure(key, config[key]);
    runtimeConfig[key] = typeof value === "string" ? value : JSON.stringify(value);
    if (secure) secretKeys.push(key);
    problems.push(...found);
  }
  if (problems.length > 0) throw new ConfigError(withoutSecretKeys(problems, config["slipway:secrets"]));
  return { stack, config: runtimeConfig, secretKeys };
}

/**
 * A stack's `slipway:*` runtime config as the program reads it (stacks/config.ts): keys without the
 * prefix, objects and arrays JSON-decoded. `where` names the stack file in errors.
 */
export function slipwayConfig(config: Record<string, string>, where: string): RawStackConfig {
  const raw: RawStackConfig = {};
  for (const [key, text] of Object.entries(config)) {
    if (!key.startsWith("slipway:")) continue;
    const structured = /^\s*[[{]/.test(text);
    try {
      raw[key.slice("slipway:".length)] = structured ? JSON.parse(text) : text;
    } catch {
      throw new StackFileError(`${where}: ${key}: expected valid JSON for a structured value`);
    }
  }
  return raw;
}
