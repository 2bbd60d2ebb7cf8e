/**
 * Which lists in a custom resource the API server treats as maps (`x-kubernetes-list-type: map` with
 * `x-kubernetes-list-map-keys`), read from the pinned CRDs (crd/schemas.ts): the diff pairs their
 * items by those keys (a Gateway's listeners by name), as the server merges them, instead of by
 * position. Without the CRDs (a checkout without ../shared/upstream) lists pair by position, said once.
 */
import { crdVersionOf, type Schema } from "./crd/schemas";

/** Schema path (`spec.listeners`, `spec.rules[].matches`) → the keys that identify its items. */
export type ListKeys = Map<string, string[]>;

function walk(schema: Schema | undefined, path: string, found: ListKeys): void {
  if (!schema) return;
  const keys = schema["x-kubernetes-list-map-keys"];
  if (schema["x-kubernetes-list-type"] === "map" && keys) found.set(path, keys);
  for (const [name, child] of Object.entries(schema.properties ?? {}))
    walk(child, path ? `${path}.${name}` : name, found);
  walk(schema.items, `${path}[]`, found);
}

const cache = new Map<string, ListKeys | undefined>();

/** The list keys of one kind (`gateway.networking.k8s.io/v1`, `Gateway`); undefined when unknown. */
export function listKeysOf(apiVersion: string, kind: string): ListKeys | undefined {
  if (!apiVersion.includes(".")) return undefined;
  const id = `${apiVersion}/${kind}`;
  if (!cache.has(id)) {
    const crd = crdVersionOf(apiVersion, kind);
    const found: ListKeys = new Map();
    if (crd) walk(crd.schema, "", found);
    cache.set(id, crd && found);
  }
  return cache.get(id);
}
