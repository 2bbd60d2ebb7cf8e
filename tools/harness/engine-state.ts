/**
 * The state the engine holds after an update, which the next render's diff starts from. For a
 * resource with `ignoreChanges`, the engine puts each ignored path back to its old value (deleting
 * it when the old inputs lack it) before it diffs, and stores those inputs: pulumi/pulumi v3.248.0,
 * pkg/resource/deploy/step_generator.go, processIgnoreChanges (path.Reset) and `new.Inputs = inputs`.
 * Recording the registered inputs instead would make a kept ConfigMap look empty, and re-using it
 * (a revert) look like a replace.
 */
import type { ResourceRecord } from "./render-files";

type Plain = Record<string, unknown>;
const isObject = (value: unknown): value is Plain => value !== null && typeof value === "object";

/** `spec.template.metadata.labels["a.b/c"]` and `items[0]` as keys, as Pulumi's property paths read. */
function pathKeys(path: string): string[] {
  return [...path.matchAll(/([^.[\]]+)|\["([^"]*)"\]|\[(\d+)\]/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}

/** path.Reset: the destination takes the source's value at the path, or loses it; false if a parent is missing. */
function reset(path: string[], source: unknown, dest: unknown): boolean {
  const last = path[path.length - 1];
  for (const key of path.slice(0, -1)) {
    if (!isObject(source) || !isObject(dest)) return false;
    source = source[key];
    dest = dest[key];
  }
  if (!isObject(source) || !isObject(dest)) return false;
  if (Object.hasOwn(source, last)) dest[last] = structuredClone(source[last]);
  else delete dest[last];
  return true;
}

function withIgnoredReset(record: ResourceRecord, old: ResourceRecord | undefined): ResourceRecord {
  if (!old || !record.ignoreChanges?.length) return record;
  const inputs = structuredClone(record.inputs);
  for (const path of record.ignoreChanges) reset(pathKeys(path), old.inputs, inputs);
  return { ...record, inputs };
}

/** The current records as the engine's state holds them after an update from `previous`. */
export function engineState(previous: ResourceRecord[] | undefined, current: ResourceRecord[]): ResourceRecord[] {
  const before = new Map((previous ?? []).map((record) => [record.urn, record]));
  return current.map((record) => withIgnoredReset(record, before.get(record.urn)));
}
