/**
 * Structural defaulting as the API server applies it before validating a custom resource: an absent
 * property (or a null one the schema does not allow) takes a copy of its schema default, recursively
 * (kubernetes/kubernetes v1.33.13 staging/src/k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting/algorithm.go
 * L25-69). Rules see the defaulted object: an HTTPRoute rule without `matches` is a PathPrefix `/` match.
 */
import type { Json } from "./cel-values";
import type { Schema } from "./schemas";

const isNonNullableNull = (value: Json | undefined, schema: Schema | undefined) =>
  value === null && schema !== undefined && !schema.nullable;
const copy = (value: unknown): Json => structuredClone(value) as Json;

export function applyDefaults(value: Json, schema: Schema | undefined): void {
  if (!schema || value === null || typeof value !== "object") return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      if (isNonNullableNull(item, schema.items) && schema.items?.default !== undefined)
        value[i] = copy(schema.items.default);
      applyDefaults(value[i], schema.items);
    });
    return;
  }
  for (const [key, property] of Object.entries(schema.properties ?? {}))
    if (property.default !== undefined && (!(key in value) || isNonNullableNull(value[key], property)))
      value[key] = copy(property.default);
  const extra = typeof schema.additionalProperties === "object" ? schema.additionalProperties : undefined;
  for (const key of Object.keys(value)) {
    const property = schema.properties?.[key] ?? extra;
    if (!schema.properties?.[key] && extra?.default !== undefined && isNonNullableNull(value[key], extra))
      value[key] = copy(extra.default);
    applyDefaults(value[key], property);
  }
}
