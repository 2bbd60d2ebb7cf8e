/**
 * Copies of registration inputs. Inputs are JSON trees (the SDK's Struct.toJavaScript, then
 * unwrapSecrets: every object and array built afresh, nothing shared, no cycles), so a recursive
 * copy gives what structuredClone gives at a fifth of its cost; a 500-app render copies every
 * resource's inputs three times (records, manifests, policy props).
 */

/** A deep copy of a JSON tree: same keys in the same order, nothing shared with `value`. */
export function copyTree<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyTree) as T;
  if (value === null || typeof value !== "object") return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = copyTree((value as Record<string, unknown>)[key]);
  return copy as T;
}

/** A deep copy whose every object and array is frozen. */
export function frozenCopy<T>(value: T): T {
  if (Array.isArray(value)) return Object.freeze(value.map(frozenCopy)) as T;
  if (value === null || typeof value !== "object") return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = frozenCopy((value as Record<string, unknown>)[key]);
  return Object.freeze(copy) as T;
}
