/**
 * Builds stack inputs for tests from plain objects, the way `pulumi config` would hand them to the
 * program, and renders them through the same harness as `npm run render`.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "../../config/errors";
import { defineStack } from "../../stacks/program";
import { renderStack, type RenderResult } from "../../tools/harness/render-stack";
import { withPlatform } from "../../tools/harness/platform-outputs";
import { PROJECT, withoutPromiseTraces, type StackInput, type StackOutputs } from "../../tools/harness/run-program";
import { readStackFile } from "../../tools/harness/stack-file";
import { installMockEngine, settle, type Registration } from "../../tools/harness/mock-engine";

export type ConfigObject = Record<string, unknown>;

/** `{ environment: "prod", apps: {...} }` → runtime config; `secrets` is marked secret. */
export function stackInput(config: ConfigObject, stack = "test"): StackInput {
  const runtime: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    runtime[`slipway:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return { stack, config: runtime, secretKeys: "secrets" in config ? ["slipway:secrets"] : [] };
}

export function render(config: ConfigObject, stack = "test"): Promise<RenderResult> {
  return renderStack(stackInput(config, stack));
}

/** The next update of the same stack: the program reads `previous`'s outputs as its last update. */
export function renderAfter(previous: RenderResult, config: ConfigObject, stack = "test"): Promise<RenderResult> {
  return renderStack({ ...stackInput(config, stack), previousOutputs: previous.stackOutputs });
}

/** A committed stack file's render; an apps stack's against its platform's outputs (`platform`). */
export function renderStackFile(stack: string, platform?: StackOutputs): Promise<RenderResult> {
  const input = readStackFile(`Pulumi.${stack}.yaml`, stack);
  return renderStack(platform ? withPlatform(input, platform) : input);
}

const committedRenders = new Map<string, Promise<RenderResult>>();

/**
 * A committed single-layer stack file's render, made once per jest file and shared by its parts: the
 * same config renders byte-identically (test/stacks/platform-stacks.ts checks that with a fresh render).
 * Read it, never change it.
 */
export function committedRender(stack: string): Promise<RenderResult> {
  let render = committedRenders.get(stack);
  if (!render) committedRenders.set(stack, (render = renderStackFile(stack)));
  return render;
}

/** A minimal valid app; spread overrides over it. */
export function webApp(overrides: ConfigObject = {}): ConfigObject {
  return { image: { repository: "ghcr.io/acme/web", tag: "1.0.0" }, ...overrides };
}

export function find(result: RenderResult, type: string, name: string): Registration {
  const found = result.resources.find((r) => r.type === type && r.name === name);
  if (!found)
    throw new Error(`no ${type} named ${name}; have: ${result.resources.map((r) => `${r.type} ${r.name}`).join(", ")}`);
  return found;
}

export function ofType(result: RenderResult, type: string): Registration[] {
  return result.resources.filter((r) => r.type === type);
}

export const T = {
  deployment: "kubernetes:apps/v1:Deployment",
  configMap: "kubernetes:core/v1:ConfigMap",
  secret: "kubernetes:core/v1:Secret",
  service: "kubernetes:core/v1:Service",
  namespace: "kubernetes:core/v1:Namespace",
  serviceAccount: "kubernetes:core/v1:ServiceAccount",
  httpRoute: "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute",
  hpa: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
  pdb: "kubernetes:policy/v1:PodDisruptionBudget",
  networkPolicy: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
  rollout: "kubernetes:argoproj.io/v1alpha1:Rollout",
  analysisTemplate: "kubernetes:argoproj.io/v1alpha1:AnalysisTemplate",
  job: "kubernetes:batch/v1:Job",
  role: "kubernetes:rbac.authorization.k8s.io/v1:Role",
  app: "slipway:app:App",
} as const;

/** Reads a nested value by dotted path, e.g. `spec.template.spec.containers`. */
export function at(value: unknown, path: string): any {
  return path.split(".").reduce<any>((v, k) => (v === undefined || v === null ? undefined : v[k]), value);
}

/** Runs the program with a config that must be rejected: the problems, and what got registered meanwhile. */
export function rejected(config: ConfigObject): Promise<{ messages: string[]; registered: Registration[] }> {
  return rejectedInput(stackInput(config));
}

/** The same for a stack's runtime config as given, e.g. read from a stack file. */
export async function rejectedInput(input: StackInput): Promise<{ messages: string[]; registered: Registration[] }> {
  pulumi.runtime.setAllConfig(input.config, input.secretKeys);
  const registered = await installMockEngine(PROJECT, input.stack, input.previousOutputs, input.stackReferences);
  try {
    await withoutPromiseTraces(defineStack);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    await withoutPromiseTraces(settle);
    // Reading the platform's outputs (a StackReference read) is how the refusal is decided, not something registered.
    const created = registered.filter((r) => r.type !== "pulumi:pulumi:StackReference");
    return { messages: error.problems.map((p) => `${p.key}: ${p.message}`), registered: created };
  }
  throw new Error("expected the config to be rejected");
}
