/** Reading raw (not yet validated) config defensively, for rules that relate one section to another. */

/** The value as an object, or an empty one when it is anything else. */
export function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
