/**
 * What the render writes to `out/<stack>/`: manifests per group, resources.json, and the summary
 * printed to the console (the change list is preview-diff.ts). Everything here is redacted; nothing secret is written.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { stringify } from "yaml";
import { engineState } from "./engine-state";
import { groupOf, indexByUrn, redactedInputs } from "./inventory";
import type { RenderResult } from "./render-stack";

export interface ResourceRecord {
  urn: string;
  type: string;
  name: string;
  parent?: string;
  inputs: unknown;
  /** The resource's `ignoreChanges` option, when it has one: the engine keeps the old values there. */
  ignoreChanges?: string[];
}

/**
 * The render's resources as the engine's state holds them after an update from `previous` (the
 * previous render's records, when there is one): what the next render diffs from.
 */
export function resourceRecords(result: RenderResult, previous?: ResourceRecord[]): ResourceRecord[] {
  const registered = result.resources.map((r) => ({
    urn: r.urn,
    type: r.type,
    name: r.name,
    parent: r.parent,
    inputs: redactedInputs(r),
    ...(r.options.ignoreChanges.length > 0 && { ignoreChanges: r.options.ignoreChanges }),
  }));
  return engineState(previous, registered);
}

/**
 * One manifest as yaml's `stringify(object, { sortMapEntries: true })` writes it, with the two steps
 * that cannot change a registration's YAML turned off (a tenth of a 500-app render's files stage).
 * `directives: false`: the document-start marker and `%TAG` lines are written only for a document
 * with explicit tags or directives, which one made from plain data never has, and finding that out
 * walks the whole document (yaml 2.9.1, eemeli/yaml, src/stringify/stringifyDocument.ts and
 * src/doc/directives.ts `toString`). `aliasDuplicateObjects: false`: anchors and aliases are only
 * made for an object that appears twice, and inputs are trees (plain-tree.ts). test/stacks/render-bytes.ts
 * compares the result with the plain call on the committed stacks.
 */
const manifestYaml = (object: unknown) =>
  stringify(object, { sortMapEntries: true, directives: false, aliasDuplicateObjects: false });

/** Multi-document YAML per group (`apps/<app>`, `platform`, …), objects in URN order. */
export function manifestFiles(result: RenderResult): Map<string, string> {
  const byUrn = indexByUrn(result.resources);
  const files = new Map<string, string[]>();
  for (const { registration } of result.objects) {
    const file = `manifests/${groupOf(registration, byUrn)}.yaml`;
    const docs = files.get(file) ?? [];
    docs.push(manifestYaml(redactedInputs(registration)));
    files.set(file, docs);
  }
  return new Map([...files].map(([file, docs]) => [file, docs.join("---\n")]));
}

export interface Changes {
  added: string[];
  changed: string[];
  removed: string[];
}

export function diffRecords(previous: ResourceRecord[], current: ResourceRecord[]): Changes {
  const before = new Map(previous.map((r) => [r.urn, JSON.stringify(r.inputs)]));
  const after = new Map(current.map((r) => [r.urn, JSON.stringify(r.inputs)]));
  return {
    added: [...after.keys()].filter((urn) => !before.has(urn)),
    changed: [...after.keys()].filter((urn) => before.has(urn) && before.get(urn) !== after.get(urn)),
    removed: [...before.keys()].filter((urn) => !after.has(urn)),
  };
}

export function summary(result: RenderResult): string {
  const byUrn = indexByUrn(result.resources);
  const count = (key: (r: RenderResult["resources"][number]) => string) => {
    const counts = new Map<string, number>();
    for (const r of result.resources) counts.set(key(r), (counts.get(key(r)) ?? 0) + 1);
    return [...counts]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, n]) => `  ${String(n).padStart(4)}  ${k}`)
      .join("\n");
  };
  return [
    `Stack ${result.stack}: ${result.resources.length} resources, ${result.objects.length} Kubernetes objects`,
    "By component:",
    count((r) => groupOf(r, byUrn)),
    "By type:",
    count((r) => r.type),
  ].join("\n");
}

/** Reads the previous render's records, if the directory holds one. */
export function previousRecords(outDir: string): ResourceRecord[] | undefined {
  const file = join(outDir, "resources.json");
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as ResourceRecord[]) : undefined;
}

/** Replaces the directory's render with this one. */
export function writeRender(outDir: string, files: Map<string, string>): void {
  rmSync(join(outDir, "manifests"), { recursive: true, force: true });
  for (const [file, text] of files) {
    const path = join(outDir, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
}
