/**
 * Every namespaced object a render creates, sent through the admission policies of the cluster it
 * lands on (its own render's, or its platform stack's for an apps stack) as a CREATE: what
 * `pulumi up` would ask the API server to admit.
 */
import type { KubernetesObject } from "../inventory";
import { admissionDenials, type Denial } from "./evaluate";

export interface RefusedObject {
  kind: string;
  namespace: string;
  name: string;
  denials: Denial[];
}

export function refusedObjects(objects: KubernetesObject[], cluster: KubernetesObject[]): RefusedObject[] {
  const state = { objects: [...cluster, ...objects].map(({ object }) => object) };
  const refused: RefusedObject[] = [];
  for (const { object } of objects) {
    const namespace = object.metadata.namespace;
    if (!namespace) continue;
    const denials = admissionDenials(state, { operation: "CREATE", object: object });
    if (denials.length > 0) refused.push({ kind: object.kind, namespace, name: object.metadata.name ?? "", denials });
  }
  return refused;
}
