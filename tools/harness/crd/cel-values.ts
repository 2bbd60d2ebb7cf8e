/**
 * An object as CEL rules see it, typed by its schema as the API server types it
 * (kubernetes/kubernetes v1.33.13 staging/src/k8s.io/apiserver/pkg/cel/common/values.go): integers
 * are CEL ints, numbers doubles, `date-time` strings timestamps, `byte` strings bytes; declared
 * properties are fields under their escaped names (`namespace` is `__namespace__`), maps keep their keys.
 */
import type { CelInput } from "@bufbuild/cel";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { Schema } from "./schemas";

// kubernetes/kubernetes v1.33.13 staging/src/k8s.io/apiserver/pkg/cel/escaping.go L26-35 and L100-133.
const RESERVED = new Set(
  "true false null in as break const continue else for function if import let loop package namespace return var void while".split(
    " ",
  ),
);
const ESCAPES: Record<string, string> = { __: "__underscores__", ".": "__dot__", "-": "__dash__", "/": "__slash__" };

/** A property name as a CEL identifier; undefined when it cannot be one (the field is then invisible to rules). */
export function escapeProperty(name: string): string | undefined {
  if (name === "" || /^[0-9]/.test(name)) return undefined;
  if (RESERVED.has(name)) return `__${name}__`;
  if (/[^a-zA-Z0-9_./-]/.test(name)) return undefined;
  return name.replace(/__|[./-]/g, (part) => ESCAPES[part]);
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A value no schema describes (preserved unknown fields): whole numbers are ints, as decoded JSON has them. */
function untyped(value: Json): CelInput {
  if (typeof value === "number") return Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(untyped);
  if (value !== null && typeof value === "object")
    return new Map(Object.entries(value).map(([k, v]) => [k, untyped(v)]));
  return value;
}

function scalar(value: Json, schema: Schema): CelInput {
  if (typeof value === "number") return schema.type === "number" || !Number.isInteger(value) ? value : BigInt(value);
  if (typeof value === "string" && schema.format === "date-time") return timestampFromDate(new Date(value));
  if (typeof value === "string" && schema.format === "byte") return new Uint8Array(Buffer.from(value, "base64"));
  return value;
}

export function celValue(value: Json, schema: Schema | undefined): CelInput {
  if (!schema || value === null) return untyped(value);
  if (Array.isArray(value)) return value.map((item) => celValue(item, schema.items));
  if (typeof value !== "object") return scalar(value, schema);
  const fields = new Map<string, CelInput>();
  const { properties, additionalProperties } = schema;
  for (const [key, item] of Object.entries(value)) {
    if (properties?.[key]) {
      const name = escapeProperty(key);
      if (name) fields.set(name, celValue(item, properties[key]));
    } else if (typeof additionalProperties === "object") fields.set(key, celValue(item, additionalProperties));
    else if (!properties) fields.set(key, untyped(item));
  }
  return fields;
}

/**
 * `self` at a resource's root: its declared fields plus apiVersion, kind and of metadata only name
 * and generateName (kubernetes/kubernetes v1.33.13 staging/src/k8s.io/apiserver/pkg/cel/common/schemas.go
 * L192-226, applied at the root by staging/src/k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel/validation.go L384-386).
 */
export function rootCelValue(object: { [key: string]: Json }, schema: Schema): CelInput {
  const fields = celValue(object, schema) as Map<string, CelInput>;
  const metadata = (object.metadata ?? {}) as { [key: string]: Json };
  fields.set("apiVersion", object.apiVersion);
  fields.set("kind", object.kind);
  fields.set(
    "metadata",
    new Map(
      ["name", "generateName"].filter((k) => typeof metadata[k] === "string").map((k) => [k, metadata[k] as string]),
    ),
  );
  return fields;
}

export type { Json };
