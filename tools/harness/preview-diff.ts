/**
 * The render's "what changed" in the shape of `pulumi preview --diff`: per resource create, update,
 * replace or delete, the changed property paths (old => new) and why a replace is one. Works on the
 * redacted records (render-files.ts), so a secret reads `[secret]` and a change that touches only
 * secret values is seen only through what it changes in the clear (a Secret's digest name, a pod
 * template's checksum annotation). Property differences come from microdiff; lists the pinned CRDs
 * declare as maps are compared by their keys (list-keys.ts). The console form labels every value that
 * holds a digest the mock engine invented (mock-digests.ts).
 */
import diff from "microdiff";
import { engineState } from "./engine-state";
import { forcedBy, forceNewPaths } from "./force-new";
import { listKeysOf, type ListKeys } from "./list-keys";
import type { ResourceRecord } from "./render-files";
import { labelMockDigest } from "./mock-digests";
import { REDACTED } from "./secrets";

type Op = "create" | "update" | "replace" | "delete";

interface PropertyChange {
  path: string;
  old?: unknown;
  new?: unknown;
}

export interface Step {
  op: Op;
  urn: string;
  type: string;
  changes: PropertyChange[];
  /** Why a replace is a replace; empty otherwise. */
  reasons: string[];
}

type Plain = Record<string, unknown>;

function isObject(value: unknown): value is Plain {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function pathText(path: (string | number)[]): string {
  return path
    .map((key, i) => {
      if (typeof key === "number") return `[${key}]`;
      if (!/^[A-Za-z_$][\w$]*$/.test(key)) return `[${JSON.stringify(key)}]`;
      return i === 0 ? key : `.${key}`;
    })
    .join("");
}

/** Array indexes numerically, keys by code point: `[2]` before `[10]`, whatever order microdiff found them in. */
function byPath(a: (string | number)[], b: (string | number)[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    if (typeof a[i] === "number" && typeof b[i] === "number") return (a[i] as number) - (b[i] as number);
    return String(a[i]) < String(b[i]) ? -1 : 1;
  }
  return a.length - b.length;
}

/** Prototype-free copies: microdiff tests keys with `in`, so a key named `constructor` must not be inherited. */
function bare(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(bare);
  if (!isObject(value)) return value;
  const copy = Object.create(null) as Plain;
  for (const [key, item] of Object.entries(value)) copy[key] = bare(item);
  return copy;
}

/** A list the schema keys (list-keys.ts) as an object by its items' keys, `name=web`; others as they are. */
function keyedLists(value: unknown, keys: ListKeys, path = ""): unknown {
  if (Array.isArray(value)) {
    const ids = keys.get(path);
    const id = (item: unknown) =>
      isObject(item) && ids?.every((k) => item[k] !== undefined)
        ? ids.map((k) => `${k}=${String(item[k])}`).join(",")
        : undefined;
    const items = value.map((item) => keyedLists(item, keys, `${path}[]`));
    const named = value.map(id);
    if (!ids || named.some((n) => n === undefined) || new Set(named).size !== named.length) return items;
    return Object.fromEntries(named.map((n, i) => [n!, items[i]]));
  }
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, keyedLists(v, keys, path ? `${path}.${k}` : k)]));
}

/** Leaf-level differences (microdiff); a value added or removed as a whole is one change. */
function propertyChanges(old: unknown, next: unknown): PropertyChange[] {
  if (!isObject(old) || !isObject(next))
    return JSON.stringify(old) === JSON.stringify(next) ? [] : [{ path: "", old, new: next }];
  const keys = listKeysOf(String(next.apiVersion), String(next.kind));
  if (keys) [old, next] = [keyedLists(old, keys), keyedLists(next, keys)] as [Plain, Plain];
  return diff(bare(old) as Plain, bare(next) as Plain)
    .sort((a, b) => byPath(a.path, b.path))
    .map((d) => ({
      path: pathText(d.path),
      old: d.type === "CREATE" ? undefined : (d.oldValue as unknown),
      new: d.type === "REMOVE" ? undefined : (d.value as unknown),
    }));
}

/** Why pulumi-kubernetes would replace this object, or nothing if it updates in place. */
function replaceReasons(type: string, inputs: unknown, changes: PropertyChange[]): string[] {
  if (!type.startsWith("kubernetes:") || !isObject(inputs)) return [];
  const forceNew = forceNewPaths(inputs);
  const forced = changes.flatMap(({ path }) => forcedBy(`.${path}`, forceNew) ?? []);
  const reasons = [...new Set(forced)].map((p) =>
    p === ".metadata.name"
      ? "metadata.name changed: a new name is a new object (create the new one, then delete the old)"
      : `${p.slice(1)} cannot change in place for a ${String(inputs.kind)} (pulumi-kubernetes forceNewProperties)`,
  );
  if (reasons.length > 0 && !forced.includes(".metadata.name") && !forced.includes(".metadata.namespace")) {
    reasons.push("same name: the old object is deleted before the new one is created");
  }
  return reasons;
}

/** Steps in URN order, as the engine would plan them from the previous update's state. */
export function previewDiff(previous: ResourceRecord[], current: ResourceRecord[]): Step[] {
  const before = new Map(previous.map((r) => [r.urn, r]));
  // The engine puts the old values back under ignoreChanges before it diffs (idempotent on written records).
  const after = new Map(engineState(previous, current).map((r) => [r.urn, r]));
  const steps: Step[] = [];
  for (const urn of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const old = before.get(urn);
    const next = after.get(urn);
    if (!old) steps.push({ op: "create", urn, type: next!.type, changes: [], reasons: [] });
    else if (!next) steps.push({ op: "delete", urn, type: old.type, changes: [], reasons: [] });
    else {
      const changes = propertyChanges(old.inputs, next.inputs);
      if (changes.length === 0) continue;
      const reasons = replaceReasons(next.type, next.inputs, changes);
      steps.push({ op: reasons.length > 0 ? "replace" : "update", urn, type: next.type, changes, reasons });
    }
  }
  return steps;
}

const SYMBOL: Record<Op, string> = { create: "+", update: "~", replace: "+-", delete: "-" };

/** A value as the console shows it; one holding a digest the mock engine invented says so. */
function show(value: unknown): string {
  if (value === REDACTED) return REDACTED;
  return value === undefined ? "(none)" : labelMockDigest(JSON.stringify(value), value);
}

/** The console form: `~ update`, then one indented line per changed path. */
export function describePreview(steps: Step[]): string {
  if (steps.length === 0) return "No changes since the previous render.";
  const count = (op: Op) => `${steps.filter((s) => s.op === op).length} to ${op}`;
  const lines = steps.flatMap((step) => [
    `  ${SYMBOL[step.op]} ${step.op.padEnd(7)} ${step.type} ${step.urn.split("::").pop()}`,
    ...step.changes.map((c) => `      ~ ${c.path}: ${show(c.old)} => ${show(c.new)}`),
    ...step.reasons.map((r) => `      why: ${r}`),
  ]);
  return [
    `Since the previous render: ${(["create", "update", "replace", "delete"] as Op[]).map(count).join(", ")}`,
    ...lines,
  ].join("\n");
}
