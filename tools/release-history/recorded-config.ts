/**
 * Config as the Automation API records it per update (`UpdateSummary.config`) and reports it for the
 * stack (`Stack.getAllConfig`). The CLI's JSON carries more than the TypeScript types say: a secret read
 * without secrets has NO `value`, and structured config also comes with `objectValue`
 * (pkg/cmd/pulumi/stack/stack_history.go, `configValueJSON`).
 */
import type { ConfigMap, ConfigValue } from "@pulumi/pulumi/automation";

/** A config entry as it really arrives: `value` may be absent for secrets. */
export type RecordedValue = Omit<ConfigValue, "value"> & { value?: string; objectValue?: unknown };

/** What the CLI puts in `value` when it cannot decrypt a secret. */
export const UNDECRYPTABLE = "ERROR_UNABLE_TO_DECRYPT";

export const APPS_KEY = "slipway:apps";
export const SECRETS_KEY = "slipway:secrets";

export function entry(config: ConfigMap, key: string): RecordedValue | undefined {
  return config[key];
}

/** True when the value was withheld (history read without secrets). */
export function isHidden(value: RecordedValue | undefined): boolean {
  return value !== undefined && value.secret === true && value.value === undefined;
}

/**
 * The value as the program reads it: structured config decoded, scalars as strings. A JSON string is
 * decoded too, as stacks/config.ts does, because `setAllConfig` (used by rollbacks) records objects
 * as JSON text without `objectValue`.
 */
export function decoded(value: RecordedValue): unknown {
  if (value.objectValue !== undefined) return value.objectValue;
  const text = value.value;
  if (text === undefined || !/^\s*[[{]/.test(text)) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

/** One difference between two values, at the highest level where they differ. */
export type ValueEdit = { path: string[]; kind: "set"; value: unknown } | { path: string[]; kind: "delete" };

/** Edits that turn `from` into `to`: maps are compared key by key, anything else is replaced whole. */
export function valueEdits(from: unknown, to: unknown, path: string[] = []): ValueEdit[] {
  if (deepEqual(from, to)) return [];
  if (!isPlainObject(from) || !isPlainObject(to)) return [{ path, kind: "set", value: to }];
  const edits: ValueEdit[] = [];
  for (const key of [...new Set([...Object.keys(from), ...Object.keys(to)])].sort()) {
    if (!(key in to)) edits.push({ path: [...path, key], kind: "delete" });
    else if (!(key in from)) edits.push({ path: [...path, key], kind: "set", value: to[key] });
    else edits.push(...valueEdits(from[key], to[key], [...path, key]));
  }
  return edits;
}
