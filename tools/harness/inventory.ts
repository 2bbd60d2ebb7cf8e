/** Views over the registrations of a run: Kubernetes objects, groups, redacted inputs. */
import type { Registration } from "./mock-engine";
import { redact } from "./secrets";

export interface KubernetesObject {
  registration: Registration;
  /** The object as it would be sent to the API server (secrets in plain text: never print this). */
  object: { apiVersion: string; kind: string; metadata: { name?: string; namespace?: string }; [key: string]: unknown };
}

/** Types that are Pulumi-side wrappers around many objects rather than one object. */
const NOT_AN_OBJECT = /^kubernetes:(helm\.sh|yaml|kustomize)\//;

export function kubernetesObjects(resources: Registration[]): KubernetesObject[] {
  return resources
    .filter(
      (r) =>
        r.custom &&
        r.type.startsWith("kubernetes:") &&
        !NOT_AN_OBJECT.test(r.type) &&
        typeof r.inputs.kind === "string",
    )
    .map((registration) => ({ registration, object: registration.inputs as KubernetesObject["object"] }));
}

export function redactedInputs(resource: Registration): unknown {
  return redact(resource.inputs, resource.secretPaths);
}

/** The top-level component a resource belongs to, e.g. `apps/storefront`; `stack` when it has none. */
export function groupOf(resource: Registration, byUrn: Map<string, Registration>): string {
  let current = resource;
  while (current.parent && byUrn.has(current.parent)) current = byUrn.get(current.parent)!;
  if (current === resource && !resource.parent && resource.custom) return "stack";
  const area = current.type.split(":")[1] ?? "stack";
  return area === "app" ? `apps/${current.name}` : area;
}

export function indexByUrn(resources: Registration[]): Map<string, Registration> {
  return new Map(resources.map((r) => [r.urn, r]));
}
