/**
 * Secret values reach the mock engine wrapped in Pulumi's secret signature. These helpers unwrap them,
 * remember where they were, and produce the redacted copy that renders and reports show.
 */
import * as pulumi from "@pulumi/pulumi";
import { copyTree } from "./plain-tree";

const SIG = pulumi.runtime.specialSigKey;
const SECRET = pulumi.runtime.specialSecretSig;

export const REDACTED = "[secret]";

/** A JSON path such as `["stringData", "DATABASE_URL"]`. */
export type Path = Array<string | number>;

function isSecretWrapper(value: unknown): value is { value: unknown } {
  return value !== null && typeof value === "object" && (value as Record<string, unknown>)[SIG] === SECRET;
}

/** The plain value and the paths that were marked secret (a secret object marks its whole subtree). */
export function unwrapSecrets(
  value: unknown,
  path: Path = [],
  secretPaths: Path[] = [],
): { value: unknown; secretPaths: Path[] } {
  if (isSecretWrapper(value)) {
    secretPaths.push(path);
    return { value: unwrapSecrets(value.value, path, []).value, secretPaths };
  }
  if (Array.isArray(value)) {
    return { value: value.map((item, i) => unwrapSecrets(item, [...path, i], secretPaths).value), secretPaths };
  }
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value))
      out[key] = unwrapSecrets((value as Record<string, unknown>)[key], [...path, key], secretPaths).value;
    return { value: out, secretPaths };
  }
  return { value, secretPaths };
}

/** A copy of `value` with every secret path replaced by "[secret]". */
export function redact(value: unknown, secretPaths: Path[]): unknown {
  const copy = copyTree(value);
  for (const path of secretPaths) {
    if (path.length === 0) return REDACTED;
    let parent = copy as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) parent = parent?.[key] as Record<string | number, unknown>;
    if (parent && typeof parent === "object") parent[path[path.length - 1]] = REDACTED;
  }
  return copy;
}
