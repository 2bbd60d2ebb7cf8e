/**
 * The OpenAPI schema the API server validates a custom resource with: the CRD of its group and kind,
 * from the pinned release's folder (bundles.ts), at the object's version. CRD files are large (the
 * Gateway API's is 700 KB), so only the documents naming the group and kind are parsed, once, and the
 * parse is kept on disk for the next process (parse-cache.ts).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { load } from "js-yaml";
import { bundleOf, UPSTREAM_CRDS } from "./bundles";
import { cachedParse } from "./parse-cache";

/** The structural schema keywords the pinned CRDs use (apiextensions.k8s.io/v1 JSONSchemaProps). */
export interface Schema {
  type?: "object" | "array" | "string" | "integer" | "number" | "boolean";
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  nullable?: boolean;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  not?: Schema;
  "x-kubernetes-preserve-unknown-fields"?: boolean;
  "x-kubernetes-int-or-string"?: boolean;
  "x-kubernetes-embedded-resource"?: boolean;
  "x-kubernetes-list-type"?: "atomic" | "set" | "map";
  "x-kubernetes-list-map-keys"?: string[];
  "x-kubernetes-validations"?: ValidationRule[];
}

export interface ValidationRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  fieldPath?: string;
  reason?: string;
  optionalOldSelf?: boolean;
}

export interface CrdVersion {
  /** `<folder>/<file>` the schema was read from, for messages. */
  source: string;
  served: boolean;
  schema: Schema;
}

interface CrdDocument {
  kind?: string;
  spec?: {
    group: string;
    names: { kind: string };
    versions: Array<{ name: string; served: boolean; schema?: { openAPIV3Schema: Schema } }>;
  };
}

/** Each CRD document of a folder with the file it is in, as text: split once per folder. */
const documentsByFolder = new Map<string, Array<{ file: string; text: string }>>();

function documentsOf(folder: string): Array<{ file: string; text: string }> {
  if (!documentsByFolder.has(folder)) {
    const dir = join(UPSTREAM_CRDS, folder);
    const files = existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith(".yaml"))
          .sort()
      : [];
    documentsByFolder.set(
      folder,
      files.flatMap((file) =>
        readFileSync(join(dir, file), "utf8")
          .split(/^---$/m)
          .map((text) => ({ file, text })),
      ),
    );
  }
  return documentsByFolder.get(folder)!;
}

type Crd = NonNullable<CrdDocument["spec"]> & { file: string };
const crds = new Map<string, Crd | undefined>();

function crdOf(group: string, kind: string): Crd | undefined {
  const id = `${group}/${kind}`;
  if (!crds.has(id)) {
    const bundle = bundleOf(group);
    const kindLine = new RegExp(`^\\s+kind: ${kind}$`, "m");
    const found = (bundle ? documentsOf(bundle.folder) : [])
      .filter(({ text }) => text.includes(`group: ${group}\n`) && kindLine.test(text))
      .map(({ file, text }) => ({ file, crd: cachedParse("js-yaml", text, load) as CrdDocument | undefined }))
      .find(
        ({ crd }) =>
          crd?.kind === "CustomResourceDefinition" && crd.spec?.group === group && crd.spec.names.kind === kind,
      );
    crds.set(id, found && { ...found.crd!.spec!, file: found.file });
  }
  return crds.get(id);
}

/** The schema of `apiVersion` `kind` in its pinned CRD; undefined when no pinned CRD defines it. */
export function crdVersionOf(apiVersion: string, kind: string): CrdVersion | undefined {
  const [group, version] = apiVersion.split("/");
  const crd = crdOf(group, kind);
  const entry = crd?.versions.find((v) => v.name === version);
  if (!crd || !entry?.schema) return undefined;
  return {
    source: `${bundleOf(group)!.folder}/${crd.file}`,
    served: entry.served,
    schema: entry.schema.openAPIV3Schema,
  };
}
