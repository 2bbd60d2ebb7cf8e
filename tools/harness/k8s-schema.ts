/**
 * Validates Kubernetes objects against the official OpenAPI schemas (kubernetes-models) and custom
 * resources against the pinned CRDs their charts install, schemas and CEL rules (crd/validate.ts).
 * An object whose kind has no schema at all is an error, not a silent pass.
 */
import { performance } from "node:perf_hooks";
import { sizeProblems } from "./object-limits";
import { bundleOf } from "./crd/bundles";
import { celTimeMs, validateCustomResource } from "./crd/validate";

type Model = new (data: object) => { validate(): void };
const cache = new Map<string, Model | null>();

const groupOf = (apiVersion: string) => (apiVersion.includes("/") ? apiVersion.split("/")[0] : "");

function modelFor(apiVersion: string, kind: string): Model | null {
  const path = `kubernetes-models/${apiVersion}/${kind}`;
  if (!cache.has(path)) {
    try {
      // oxlint-disable-next-line typescript/no-require-imports
      cache.set(path, (require(path) as Record<string, Model>)[kind] ?? null);
    } catch {
      cache.set(path, null);
    }
  }
  return cache.get(path)!;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** Kinds whose names must be DNS labels rather than subdomains. */
const LABEL_NAMED = new Set(["Namespace", "Service"]);

function nameProblem(kind: string, name: unknown): string | undefined {
  if (typeof name !== "string") return "metadata.name: expected an explicit name";
  const label = LABEL_NAMED.has(kind);
  const ok = label ? DNS_LABEL.test(name) && name.length <= 63 : DNS_SUBDOMAIN.test(name) && name.length <= 253;
  return ok ? undefined : `metadata.name: "${name}" is not a valid DNS-1123 ${label ? "label" : "subdomain"}`;
}

interface AjvError {
  instancePath?: string;
  message?: string;
}

type ObjectToValidate = {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: { name?: unknown };
  [field: string]: unknown;
};

/** Milliseconds spent on custom resources (their CRD's schema and CEL rules) in this process. */
let customResourceMs = 0;

/**
 * The problems with each object, in order. The time spent on custom resources, and within it on
 * their CEL rules, is recorded as performance measures (`render:custom-resources`, `render:cel`) for
 * `npm run bench`'s stage shares.
 */
export function validateObjects(objects: ObjectToValidate[]): string[][] {
  const start = performance.now();
  const [customBefore, celBefore] = [customResourceMs, celTimeMs()];
  const problems = objects.map(validateObject);
  performance.measure("render:custom-resources", { start, duration: customResourceMs - customBefore });
  performance.measure("render:cel", { start, duration: celTimeMs() - celBefore });
  return problems;
}

function timedCustomResource(object: ObjectToValidate & { apiVersion: string; kind: string }): string[] {
  const start = performance.now();
  try {
    return validateCustomResource(object);
  } finally {
    customResourceMs += performance.now() - start;
  }
}

/** The problems with one object; an empty list means it is valid. */
export function validateObject(object: ObjectToValidate): string[] {
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== "string" || typeof kind !== "string") return ["apiVersion and kind are required"];
  const problems: string[] = sizeProblems(object);
  const naming = nameProblem(kind, object.metadata?.name);
  if (naming) problems.push(naming);
  if (bundleOf(groupOf(apiVersion))) return [...problems, ...timedCustomResource({ ...object, apiVersion, kind })];
  const Model = modelFor(apiVersion, kind);
  if (!Model)
    return [
      ...problems,
      `no schema for ${apiVersion} ${kind}: neither a Kubernetes type nor a kind of a pinned CRD bundle (tools/harness/crd/bundles.ts)`,
    ];
  try {
    new Model(object).validate();
  } catch (error) {
    const errors = (error as { errors?: AjvError[] }).errors;
    if (!errors) throw error;
    problems.push(...errors.map((e) => `${e.instancePath || "/"}: ${e.message}`));
  }
  return problems;
}
