/**
 * Reads a `Pulumi.<stack>.yaml` into the runtime config the SDK would receive. Encrypted values
 * (`secure: v1:…`) cannot be decrypted without the stack's secrets provider, and must not be: each is
 * replaced by a placeholder naming its key, so renders stay deterministic and free of secrets.
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import type { StackInput } from "./run-program";

export class StackFileError extends Error {}

function isSecure(value: unknown): value is { secure: string } {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    "secure" in value
  );
}

/** Replaces secure leaves with placeholders; reports whether any were found. */
function substitute(value: unknown, path: string, found: { secure: boolean; plain: string[] }): unknown {
  if (isSecure(value)) {
    found.secure = true;
    return `placeholder-for-${path}`;
  }
  if (Array.isArray(value)) return value.map((item, i) => substitute(item, `${path}[${i}]`, found));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, `${path}.${k}`, found)]));
  }
  if (path.startsWith("slipway:secrets.")) found.plain.push(path);
  return value;
}

export function readStackFile(file: string, stack: string): StackInput {
  let document: unknown;
  try {
    document = parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new StackFileError(`${file}: cannot read stack file: ${(error as Error).message}`);
  }
  const config = (document as { config?: Record<string, unknown> } | null)?.config ?? {};
  const runtimeConfig: Record<string, string> = {};
  const secretKeys: string[] = [];
  const plainSecrets: string[] = [];
  for (const key of Object.keys(config).sort()) {
    const found = { secure: false, plain: [] as string[] };
    const value = substitute(config[key], key, found);
    runtimeConfig[key] = typeof value === "string" ? value : JSON.stringify(value);
    if (found.secure) secretKeys.push(key);
    plainSecrets.push(...found.plain);
  }
  if (plainSecrets.length > 0) {
    throw new StackFileError(
      `${file}: ${plainSecrets.join(", ")}: expected an encrypted value; set it with pulumi config set --secret --path '<key>' <value>`,
    );
  }
  return { stack, config: runtimeConfig, secretKeys };
}
