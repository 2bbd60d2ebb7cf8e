/**
 * Reading raw (not yet validated) config, only for what parsing cannot keep (which keys a stack file
 * writes, where defaults fill the rest) and for another stack's file copied as written
 * (config/review-stack.ts); rules between sections read the parsed result (config/stack-rules.ts).
 */

/** The value as an object, or an empty one when it is anything else. */
export function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * The value stored under a user-chosen key, never one inherited from Object.prototype: an app named
 * `constructor` must not find `Object` where a record has no entry for it.
 */
export function own<T>(values: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(values, key) ? values[key] : undefined;
}
