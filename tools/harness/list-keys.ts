/**
 * Which lists in a custom resource the API server treats as maps (`x-kubernetes-list-type: map` with
 * `x-kubernetes-list-map-keys`), read from the pinned CRDs in ../shared/upstream/crds/: the diff pairs
 * their items by those keys (a Gateway's listeners by name), as the server merges them, instead of by
 * position. Without that folder (a checkout without the upstream data) lists pair by position, said once.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

/**
 * Relative to the repository root, where every npm script runs: the tools run compiled from
 * .build/<digest>/, so a path from __dirname would miss it there (and lists would be compared by position).
 */
export const UPSTREAM_CRDS = join("..", "shared", "upstream", "crds");

type Plain = Record<string, unknown>;
const isObject = (value: unknown): value is Plain =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** Schema path (`spec.listeners`, `spec.rules[].matches`) → the keys that identify its items. */
export type ListKeys = Map<string, string[]>;

function walk(schema: unknown, path: string, found: ListKeys): void {
  if (!isObject(schema)) return;
  const keys = schema["x-kubernetes-list-map-keys"];
  if (schema["x-kubernetes-list-type"] === "map" && Array.isArray(keys)) found.set(path, keys.map(String));
  if (isObject(schema.properties))
    for (const [name, child] of Object.entries(schema.properties)) walk(child, path ? `${path}.${name}` : name, found);
  if (schema.items) walk(schema.items, `${path}[]`, found);
}

const cache = new Map<string, ListKeys | undefined>();

/**
 * The CRD documents that may define this kind: a CRD file is large (the Gateway API's is 700 KB,
 * over a second to parse whole), so only documents that name the group and the kind are parsed.
 */
function candidates(dir: string, group: string, kind: string): string[] {
  const files = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".yaml"));
  return files
    .sort()
    .flatMap((file) => readFileSync(join(dir, file), "utf8").split(/^---$/m))
    .filter((doc) => doc.includes(`group: ${group}\n`) && new RegExp(`^\\s+kind: ${kind}$`, "m").test(doc));
}

function load(dir: string, apiVersion: string, kind: string): ListKeys | undefined {
  const [group, version] = apiVersion.split("/");
  for (const text of candidates(dir, group, kind)) {
    const crd: unknown = parse(text);
    if (!isObject(crd) || crd.kind !== "CustomResourceDefinition" || !isObject(crd.spec)) continue;
    const spec = crd.spec as { group: string; names: { kind: string }; versions: Plain[] };
    if (spec.group !== group || spec.names.kind !== kind) continue;
    const served = spec.versions.find((v) => v.name === version);
    if (!served) return undefined;
    const found: ListKeys = new Map();
    walk((served.schema as Plain | undefined)?.openAPIV3Schema, "", found);
    return found;
  }
  return undefined;
}

/** The list keys of one kind (`gateway.networking.k8s.io/v1`, `Gateway`); undefined when unknown. */
export function listKeysOf(apiVersion: string, kind: string, dir = UPSTREAM_CRDS): ListKeys | undefined {
  if (!apiVersion.includes(".") || !existsSync(dir)) return undefined;
  const id = `${apiVersion}/${kind}`;
  if (!cache.has(id)) cache.set(id, load(dir, apiVersion, kind));
  return cache.get(id);
}
