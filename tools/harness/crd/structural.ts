/**
 * A custom resource against its CRD's structural schema, as the API server checks it on create: types
 * (int-or-string), required, enum, lengths, patterns (RE2, as Go), formats, bounds, list sets and
 * maps, and fields the schema does not declare. Those are refused: Pulumi sends updates as
 * server-side apply (pulumi/pulumi-kubernetes v4.32.0 provider/pkg/await/await.go L662-671; to be
 * re-read at the pinned 4.34.2), whose typed conversion rejects them (kubernetes/kubernetes v1.33.13
 * staging/src/k8s.io/apimachinery/pkg/util/managedfields/internal/structuredmerge.go L145-147), and
 * its first create sends no fieldValidation (await.go L241-252), so the server drops them with only a
 * warning: either way the field never applies.
 * Messages follow the API server's field errors (`spec.rules[0]: Required value`).
 */
import { isIPv4, isIPv6 } from "node:net";
import { RE2JS } from "@bufbuild/re2";
import type { Json } from "./cel-values";
import type { Schema } from "./schemas";

type JsonObject = { [key: string]: Json };
const isObject = (value: Json | undefined): value is JsonObject =>
  value !== null && typeof value === "object" && !Array.isArray(value);

export const child = (path: string, name: string) => (path ? `${path}.${name}` : name);
const show = (value: Json) => JSON.stringify(value);

const patterns = new Map<string, RE2JS>();
function matchesPattern(pattern: string, text: string): boolean {
  if (!patterns.has(pattern)) patterns.set(pattern, RE2JS.compile(pattern));
  return patterns.get(pattern)!.test(text);
}

/** String formats the pinned CRDs use that the API server checks; int32/int64 only name the width. */
const FORMATS: Record<string, (text: string) => boolean> = {
  "date-time": (text) => /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(text),
  byte: (text) => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text),
  ipv4: isIPv4,
  ipv6: isIPv6,
};

function typeProblem(value: Json, schema: Schema): string | undefined {
  if (schema["x-kubernetes-int-or-string"])
    return Number.isInteger(value) || typeof value === "string" ? undefined : "must be an integer or a string";
  const ok: Record<string, boolean> = {
    object: isObject(value),
    array: Array.isArray(value),
    string: typeof value === "string",
    integer: Number.isInteger(value),
    number: typeof value === "number",
    boolean: typeof value === "boolean",
  };
  return !schema.type || ok[schema.type] ? undefined : `must be of type ${schema.type}`;
}

function stringProblems(text: string, schema: Schema): string[] {
  const length = [...text].length;
  const problems: string[] = [];
  if (schema.maxLength !== undefined && length > schema.maxLength)
    problems.push(`Too long: may not be more than ${schema.maxLength} bytes`);
  if (schema.minLength !== undefined && length < schema.minLength)
    problems.push(`Invalid value: ${show(text)}: should be at least ${schema.minLength} chars long`);
  if (schema.pattern !== undefined && !matchesPattern(schema.pattern, text))
    problems.push(`Invalid value: ${show(text)}: should match '${schema.pattern}'`);
  const format = schema.format && FORMATS[schema.format];
  if (format && !format(text)) problems.push(`Invalid value: ${show(text)}: must be of format ${schema.format}`);
  return problems;
}

function numberProblems(n: number, schema: Schema): string[] {
  const problems: string[] = [];
  const { minimum, maximum } = schema;
  if (minimum !== undefined && (schema.exclusiveMinimum ? n <= minimum : n < minimum))
    problems.push(
      `Invalid value: ${n}: should be greater than ${schema.exclusiveMinimum ? "" : "or equal to "}${minimum}`,
    );
  if (maximum !== undefined && (schema.exclusiveMaximum ? n >= maximum : n > maximum))
    problems.push(
      `Invalid value: ${n}: should be less than ${schema.exclusiveMaximum ? "" : "or equal to "}${maximum}`,
    );
  return problems;
}

/** Duplicates in a `set` list or a `map` list (by its keys), as the API server refuses them. */
function duplicates(items: Json[], schema: Schema, path: string): string[] {
  const type = schema["x-kubernetes-list-type"];
  if (type !== "set" && type !== "map") return [];
  const keys = schema["x-kubernetes-list-map-keys"] ?? [];
  const identity = (item: Json) =>
    type === "set" ? show(item) : show(keys.map((k) => (isObject(item) ? (item[k] ?? null) : null)));
  const seen = new Set<string>();
  return items.flatMap((item, i) => {
    const id = identity(item);
    if (!seen.has(id)) return (seen.add(id), []);
    return [
      `${path}[${i}]: Duplicate value: ${type === "set" ? show(item) : `{${keys.map((k, j) => `${k}: ${show(JSON.parse(id)[j])}`).join(", ")}}`}`,
    ];
  });
}

/** Value checks of allOf / anyOf / oneOf / not: each alternative judged without unknown-field checks. */
function combinatorProblems(value: Json, schema: Schema, path: string): string[] {
  const fails = (sub: Schema) => validateStructure(value, sub, path, { strict: false }).length > 0;
  const problems = (schema.allOf ?? []).flatMap((sub) => validateStructure(value, sub, path, { strict: false }));
  if (schema.anyOf && schema.anyOf.every(fails))
    problems.push(`${path}: Invalid value: ${show(value)}: must validate against at least one of the schemas in anyOf`);
  if (schema.oneOf && schema.oneOf.filter((sub) => !fails(sub)).length !== 1)
    problems.push(`${path}: Invalid value: ${show(value)}: must validate against exactly one of the schemas in oneOf`);
  if (schema.not && !fails(schema.not))
    problems.push(`${path}: Invalid value: ${show(value)}: must not validate against the schema in not`);
  return problems;
}

function objectProblems(object: JsonObject, schema: Schema, path: string, strict: boolean, root: boolean): string[] {
  const problems: string[] = [];
  const present = (key: string) =>
    object[key] !== undefined && (object[key] !== null || schema.properties?.[key]?.nullable);
  for (const key of schema.required ?? []) if (!present(key)) problems.push(`${child(path, key)}: Required value`);
  const count = Object.keys(object).length;
  if (schema.maxProperties !== undefined && count > schema.maxProperties)
    problems.push(`${path}: Too many: ${count}: must have at most ${schema.maxProperties} items`);
  if (schema.minProperties !== undefined && count < schema.minProperties)
    problems.push(`${path}: Invalid value: ${count}: must have at least ${schema.minProperties} items`);
  // apiVersion, kind and metadata are the API server's own (ObjectMeta is validated as a core type).
  const implicit = root || schema["x-kubernetes-embedded-resource"] ? ["apiVersion", "kind", "metadata"] : [];
  if (schema["x-kubernetes-embedded-resource"])
    for (const key of ["apiVersion", "kind"]) if (!object[key]) problems.push(`${child(path, key)}: Required value`);
  const extra = schema.additionalProperties;
  for (const [key, value] of Object.entries(object)) {
    if (key === "metadata" && implicit.length > 0) continue;
    const at = schema.properties?.[key] ? child(path, key) : `${path}[${key}]`;
    if (schema.properties?.[key]) problems.push(...validateStructure(value, schema.properties[key], at, { strict }));
    else if (typeof extra === "object") problems.push(...validateStructure(value, extra, at, { strict }));
    else if (strict && !implicit.includes(key) && !extra && !schema["x-kubernetes-preserve-unknown-fields"])
      problems.push(`${child(path, key)}: field not declared in schema`);
  }
  return problems;
}

/**
 * Problems with `value` at `path`. `strict` refuses undeclared fields (off inside combinators, whose
 * alternatives declare no fields); `root` marks the resource itself.
 */
export function validateStructure(
  value: Json,
  schema: Schema,
  path: string,
  options: { strict: boolean; root?: boolean },
): string[] {
  if (value === null || value === undefined) return [];
  const wrongType = typeProblem(value, schema);
  if (wrongType) return [`${path}: Invalid value: ${show(value)}: ${wrongType}`];
  const problems: string[] = [];
  if (schema.enum && !schema.enum.some((allowed) => show(allowed as Json) === show(value)))
    problems.push(
      `${path}: Unsupported value: ${show(value)}: supported values: ${schema.enum.map((e) => show(e as Json)).join(", ")}`,
    );
  if (typeof value === "string") problems.push(...stringProblems(value, schema).map((p) => `${path}: ${p}`));
  if (typeof value === "number") problems.push(...numberProblems(value, schema).map((p) => `${path}: ${p}`));
  if (Array.isArray(value)) {
    if (schema.maxItems !== undefined && value.length > schema.maxItems)
      problems.push(`${path}: Too many: ${value.length}: must have at most ${schema.maxItems} items`);
    if (schema.minItems !== undefined && value.length < schema.minItems)
      problems.push(`${path}: Invalid value: ${value.length}: must have at least ${schema.minItems} items`);
    problems.push(...duplicates(value, schema, path));
    if (schema.items)
      value.forEach((item, i) => problems.push(...validateStructure(item, schema.items!, `${path}[${i}]`, options)));
  }
  if (isObject(value)) problems.push(...objectProblems(value, schema, path, options.strict, options.root ?? false));
  problems.push(...combinatorProblems(value, schema, path));
  return problems;
}
