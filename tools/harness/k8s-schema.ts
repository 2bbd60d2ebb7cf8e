/**
 * Validates Kubernetes objects against the official OpenAPI schemas (kubernetes-models) and custom
 * resources against their CRD schemas (@kubernetes-models/*). An object whose kind has no schema at
 * all is an error, not a silent pass.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";

/** Where each API group's models live; core groups come from kubernetes-models itself. */
const CRD_PACKAGES: Record<string, string> = {
  "cert-manager.io": "@kubernetes-models/cert-manager",
  "acme.cert-manager.io": "@kubernetes-models/cert-manager",
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
};

/**
 * Groups validated with ESM-only models, loaded through `import()` in one child process per render
 * by esm-validate.mjs, since jest's module system cannot load ESM.
 * Gateway API and Argo Rollouts are here by choice: their CJS models (0.x) compile their schemas on
 * first use, about 0.7 s per process, while the 2.x models ship precompiled validators.
 */
const ESM_CRD_PACKAGES: Record<string, string> = {
  "gateway.networking.k8s.io": "@kubernetes-models/gateway-api",
  "argoproj.io": "@kubernetes-models/argo-rollouts",
  "karpenter.sh": "@kubernetes-models/karpenter",
  "karpenter.k8s.aws": "@kubernetes-models/karpenter",
  "external-secrets.io": "@kubernetes-models/external-secrets",
};

type Model = new (data: object) => { validate(): void };
const cache = new Map<string, Model | null>();

function modulePath(apiVersion: string, kind: string): string {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  if (!group) return `kubernetes-models/${version}/${kind}`;
  const crdPackage = CRD_PACKAGES[group];
  return crdPackage ? `${crdPackage}/${group}/${version}/${kind}` : `kubernetes-models/${group}/${version}/${kind}`;
}

function modelFor(apiVersion: string, kind: string): Model | null {
  const path = modulePath(apiVersion, kind);
  if (!cache.has(path)) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
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

function esmGroup(apiVersion: unknown): boolean {
  return typeof apiVersion === "string" && apiVersion.includes("/") && apiVersion.split("/")[0] in ESM_CRD_PACKAGES;
}

/** Results of the child process by object text: renders of similar configs repeat the same objects. */
const esmResults = new Map<string, string[]>();

function validateEsm(objects: ObjectToValidate[]): void {
  const pending = [...new Set(objects.map((o) => JSON.stringify(o)))].filter((text) => !esmResults.has(text));
  if (pending.length === 0) return;
  const results: string[][] = JSON.parse(
    execFileSync(process.execPath, [join(__dirname, "esm-validate.mjs"), JSON.stringify(ESM_CRD_PACKAGES)], {
      input: `[${pending.join(",")}]`,
      encoding: "utf8",
    }),
  );
  pending.forEach((text, i) => esmResults.set(text, results[i]));
}

/** The problems with each object, in order; ESM-modelled kinds go through one child process. */
export function validateObjects(objects: ObjectToValidate[]): string[][] {
  validateEsm(objects.filter((o) => esmGroup(o.apiVersion)));
  return objects.map((object) => {
    if (!esmGroup(object.apiVersion)) return validateWithCjsModels(object);
    const naming = nameProblem(String(object.kind), object.metadata?.name);
    return [...(naming ? [naming] : []), ...esmResults.get(JSON.stringify(object))!];
  });
}

/** The problems with one object; an empty list means it is valid. */
export function validateObject(object: ObjectToValidate): string[] {
  return validateObjects([object])[0];
}

function validateWithCjsModels(object: ObjectToValidate): string[] {
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== "string" || typeof kind !== "string") return ["apiVersion and kind are required"];
  const problems: string[] = [];
  const naming = nameProblem(kind, object.metadata?.name);
  if (naming) problems.push(naming);
  const Model = modelFor(apiVersion, kind);
  if (!Model)
    return [...problems, `no schema for ${apiVersion} ${kind}: add its models package to tools/harness/k8s-schema.ts`];
  try {
    new Model(object).validate();
  } catch (error) {
    const errors = (error as { errors?: AjvError[] }).errors;
    if (!errors) throw error;
    problems.push(...errors.map((e) => `${e.instancePath || "/"}: ${e.message}`));
  }
  return problems;
}
