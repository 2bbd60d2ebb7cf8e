/**
 * The offline render as a function: run the program, validate every Kubernetes object, and return
 * what the CLI writes and the tests check.
 */
import { performance } from "node:perf_hooks";
import { kubernetesObjects, type KubernetesObject } from "./inventory";
import { validateObjects } from "./k8s-schema";
import type { Registration } from "./mock-engine";
import { stackPackConfig } from "./policy-config";
import { evaluatePolicies, type Verdict } from "./policy-eval";
import { runProgram, type Program, type StackInput, type StackOutputs } from "./run-program";
import { slipwayConfig } from "./stack-file";

interface SchemaProblem {
  urn: string;
  /** `Kind namespace/name` (`Kind name` when cluster-scoped), as the API server would name it. */
  object: string;
  problems: string[];
}

export interface RenderResult {
  stack: string;
  resources: Registration[];
  objects: KubernetesObject[];
  /** Computed on first read: validation loads every model and the pinned CRDs the objects need. */
  readonly schemaProblems: SchemaProblem[];
  outputs: Record<string, unknown>;
  /** The environment tier (`slipway:environment`) whose policy config the verdicts were judged by. */
  environment: string;
  /** The pack config file CI judges the stack by (`npm run policy-config`), which the verdicts used. */
  policyConfig: string;
  verdicts: Verdict[];
  /** Unredacted, to feed a following run as its previous update: never print or write it. */
  stackOutputs: StackOutputs;
}

/**
 * The render's stages, marked on the process's performance timeline (node:perf_hooks) when each ends,
 * so that `npm run bench` can name each stage's share; the marks cost nothing measurable.
 */
const stageEnd = (stage: "program" | "policies" | "schemas") => performance.mark(`render:${stage}`);

export async function renderStack(input: StackInput, program?: Program): Promise<RenderResult> {
  const run = await runProgram(input, program);
  stageEnd("program");
  const resources = [...run.resources].sort((a, b) => a.urn.localeCompare(b.urn));
  const objects = kubernetesObjects(resources);
  // The program has validated the config by now, so the tier is present and valid.
  const environment = input.config["slipway:environment"];
  const pack = stackPackConfig(input.stack, slipwayConfig(input.config, `stack ${input.stack}`));
  const verdicts = await evaluatePolicies(resources, environment, { config: pack.config });
  stageEnd("policies");
  let schemaProblems: SchemaProblem[] | undefined;
  return {
    stack: input.stack,
    resources,
    objects,
    outputs: run.outputs,
    environment,
    policyConfig: pack.file,
    verdicts,
    stackOutputs: run.stackOutputs,
    get schemaProblems() {
      if (!schemaProblems) {
        schemaProblems = validateAll(objects);
        stageEnd("schemas");
      }
      return schemaProblems;
    },
  };
}

function validateAll(objects: KubernetesObject[]): SchemaProblem[] {
  const problems = validateObjects(objects.map(({ object }) => object));
  return objects
    .map(({ registration, object }, i) => ({
      urn: registration.urn,
      object: `${object.kind} ${[object.metadata.namespace, object.metadata.name].filter(Boolean).join("/")}`,
      problems: problems[i],
    }))
    .filter((p) => p.problems.length > 0);
}
