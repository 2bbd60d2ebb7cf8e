/** Short, stable digests used to give release objects content-addressed names. */
import { createHash, createHmac } from "node:crypto";

/** JSON with object keys sorted, so equal data always has one text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value);
}

const LENGTH = 10;

export function contentHash(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value)).digest("hex").slice(0, LENGTH);
}

/** A keyed digest: without the key nobody can test guesses of the data against it. */
function keyedHash(key: string, value: unknown): string {
  return createHmac("sha256", key).update(canonicalJson(value)).digest("hex").slice(0, LENGTH);
}

/** The keyed digest naming an app's Secret: over its sorted names and their values. */
export function secretsDigest(key: string, secrets: Record<string, string>): string {
  const names = Object.keys(secrets).sort();
  return keyedHash(key, [names, names.map((name) => secrets[name])]);
}
