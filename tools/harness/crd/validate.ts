/**
 * A custom resource as the API server would judge it on create, against the pinned CRD of its kind
 * (schemas.ts): defaults applied, then the structural schema (structural.ts), then every
 * `x-kubernetes-validations` rule on the path to each value present (cel-rules.ts), walking the
 * schema as the server's CEL validator does (validation.go L304-350: a null or absent value runs no rule).
 */
import { performance } from "node:perf_hooks";
import { celValue, rootCelValue, type Json } from "./cel-values";
import { evaluateRules, type RuleCount } from "./cel-rules";
import { applyDefaults } from "./defaults";
import { bundleOf } from "./bundles";
import { crdVersionOf, type Schema } from "./schemas";
import { child, validateStructure } from "./structural";

type JsonObject = { [key: string]: Json };

/** Rules evaluated and transition rules skipped, over every resource validated in this process. */
const RULES_RUN: RuleCount = { evaluated: 0, skippedTransition: 0 };
let resourcesChecked = 0;
let celMs = 0;

/** Milliseconds spent evaluating CEL rules in this process so far, for `npm run bench`'s stage shares. */
export const celTimeMs = () => celMs;

/** What the checks so far covered, for the render's console summary. */
export function describeCrdChecks(): string {
  return `Custom resources: ${resourcesChecked} checked against the pinned CRDs; ${RULES_RUN.evaluated} CEL rule evaluations, ${RULES_RUN.skippedTransition} transition rules skipped (no old object on create)`;
}

function walkRules(value: Json, schema: Schema, path: string, root: boolean): string[] {
  if (value === null || value === undefined) return [];
  const rules = schema["x-kubernetes-validations"] ?? [];
  const problems =
    rules.length > 0
      ? evaluateRules(
          rules,
          root ? rootCelValue(value as JsonObject, schema) : celValue(value, schema),
          path,
          schema.type ?? "object",
          RULES_RUN,
        )
      : [];
  if (Array.isArray(value) && schema.items)
    value.forEach((item, i) => problems.push(...walkRules(item, schema.items!, `${path}[${i}]`, false)));
  else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const extra = typeof schema.additionalProperties === "object" ? schema.additionalProperties : undefined;
    for (const [key, item] of Object.entries(value)) {
      const property = schema.properties?.[key];
      if (property) problems.push(...walkRules(item, property, child(path, key), false));
      else if (extra) problems.push(...walkRules(item, extra, `${path}[${key}]`, false));
    }
  }
  return problems;
}

/** The problems the API server would refuse a custom resource for; an empty list admits it. */
export function validateCustomResource(object: { apiVersion: string; kind: string }): string[] {
  const { apiVersion, kind } = object;
  const group = apiVersion.split("/")[0];
  const crd = crdVersionOf(apiVersion, kind);
  if (!crd)
    return [
      `no schema for ${apiVersion} ${kind}: no CRD in ../shared/upstream/crds/${bundleOf(group)?.folder ?? "(no pinned bundle for this group)"} defines it`,
    ];
  if (!crd.served) return [`${apiVersion} ${kind} is not served by the pinned CRD (${crd.source})`];
  resourcesChecked++;
  const defaulted = structuredClone(object) as unknown as JsonObject;
  applyDefaults(defaulted, crd.schema);
  const structural = validateStructure(defaulted, crd.schema, "", { strict: true, root: true });
  const start = performance.now();
  const rules = walkRules(defaulted, crd.schema, "", true);
  celMs += performance.now() - start;
  return [...structural, ...rules];
}
