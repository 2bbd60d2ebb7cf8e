/**
 * The offline render as a function: run the program, validate every Kubernetes object, and return
 * what the CLI writes and the tests check.
 */
import { kubernetesObjects, type KubernetesObject } from "./inventory";
import { validateObject } from "./k8s-schema";
import type { Registration } from "./mock-engine";
import { runProgram, type StackInput, type StackOutputs } from "./run-program";

export interface SchemaProblem {
  urn: string;
  problems: string[];
}

export interface RenderResult {
  stack: string;
  resources: Registration[];
  objects: KubernetesObject[];
  schemaProblems: SchemaProblem[];
  outputs: Record<string, unknown>;
  /** Unredacted, to feed a following run as its previous update: never print or write it. */
  stackOutputs: StackOutputs;
}

export async function renderStack(input: StackInput): Promise<RenderResult> {
  const run = await runProgram(input);
  const resources = [...run.resources].sort((a, b) => a.urn.localeCompare(b.urn));
  const objects = kubernetesObjects(resources);
  const schemaProblems = objects
    .map(({ registration, object }) => ({ urn: registration.urn, problems: validateObject(object) }))
    .filter((p) => p.problems.length > 0);
  return { stack: input.stack, resources, objects, schemaProblems, outputs: run.outputs, stackOutputs: run.stackOutputs };
}
