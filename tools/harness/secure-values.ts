/**
 * Encrypted values (`secure: v1:…`) in a stack file cannot be decrypted without the stack's secrets
 * provider, and must not be: each becomes a placeholder. The placeholder is a keyed digest of the
 * ciphertext (never of a plaintext, which the render never has), so a rotated secret (new ciphertext)
 * changes the placeholder, hence the app's Secret name and its workloads, as a real update would.
 */
import { createHmac } from "node:crypto";
import type { ConfigProblem } from "../../config/errors";
import { plainSecretProblem, SECRETS_KEY, secureLeafProblem } from "../../config/secret-placement";

function isSecure(value: unknown): value is { secure: unknown } {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    "secure" in value
  );
}

/** Keyed by the value's config path, so one ciphertext pasted under two names gives two placeholders. */
function placeholder(path: string, ciphertext: unknown): string {
  const digest = createHmac("sha256", path).update(String(ciphertext)).digest("hex").slice(0, 16);
  return `placeholder-${digest}`;
}

export interface Substituted {
  value: unknown;
  /** Whether the key holds any encrypted value (the engine then marks the whole key secret). */
  secure: boolean;
  problems: ConfigProblem[];
}

const inProject = (path: string) => path.startsWith("slipway:");
const underSecrets = (path: string) => path === SECRETS_KEY || path.startsWith(`${SECRETS_KEY}.`);

/** Replaces secure leaves of one top-level key with placeholders, and reports misplaced values. */
export function substituteSecure(key: string, value: unknown): Substituted {
  const result: Substituted = { value: undefined, secure: false, problems: [] };
  const walk = (node: unknown, path: string): unknown => {
    if (isSecure(node)) {
      result.secure = true;
      if (inProject(path) && !underSecrets(path)) result.problems.push(secureLeafProblem(path));
      return placeholder(path, node.secure);
    }
    if (Array.isArray(node)) return node.map((item, i) => walk(item, `${path}[${i}]`));
    if (node !== null && typeof node === "object") {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, `${path}.${k}`)]));
    }
    if (underSecrets(path) && path !== SECRETS_KEY) result.problems.push(plainSecretProblem(path));
    return node;
  };
  result.value = walk(value, key);
  return result;
}
