/**
 * Evaluates the policy pack offline: every resource policy on every registration and every stack
 * policy once, with the enforcement levels of the stack's environment (policy/config/<env>.json).
 *
 * Policies get the real, unredacted inputs, because that is what the Pulumi CLI gives them (the
 * engine unwraps secrets before calling a pack); feeding "[secret]" instead would let a policy pass
 * here and fail in CI. What leaves this module is redacted instead: every secret value in the
 * stack is scrubbed from the verdict messages.
 */
import type {
  EnforcementLevel,
  Policies,
  Policy,
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { DEFAULT_ENFORCEMENT, policies as slipwayPolicies } from "../../policy/policies";
import type { Registration } from "./mock-engine";
import { policyResources, resourceViews, type ResourceView } from "./policy-args";
import { enforcementOf, readPackConfig, settingsOf, type PackConfig } from "./policy-config";
import { REDACTED, type Path } from "./secrets";

export interface Verdict {
  policy: string;
  enforcement: "advisory" | "mandatory";
  /** The resource in violation; absent when a stack policy blames the stack as a whole. */
  urn?: string;
  message: string;
}

export interface EvaluationOptions {
  policies?: Policies;
  /** Defaults to policy/config/<environment>.json. */
  config?: PackConfig;
}

class NotApplicable extends Error {}
/** One instance for every `notApplicable()`: the reason is never reported, and a stack captured per throw added up. */
const NOT_APPLICABLE = new NotApplicable();
const notApplicable = (): never => {
  throw NOT_APPLICABLE;
};

function isStackPolicy(policy: Policy): policy is StackValidationPolicy {
  return typeof (policy as StackValidationPolicy).validateStack === "function";
}

function valueAt(value: unknown, path: Path): unknown {
  return path.reduce<unknown>((v, key) => (v as Record<string | number, unknown> | undefined)?.[key], value);
}

function leaves(value: unknown): string[] {
  if (typeof value === "string" || typeof value === "number") return [String(value)];
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(leaves);
  return [];
}

/**
 * Every secret value in the stack, longest first (so a secret containing another is scrubbed whole).
 * Values under 4 characters are left alone: they would match ordinary words and protect nothing.
 */
function secretValues(resources: Registration[]): string[] {
  const values = resources.flatMap((r) => r.secretPaths.flatMap((path) => leaves(valueAt(r.inputs, path))));
  return [...new Set(values.filter((v) => v.length >= 4))].sort((a, b) => b.length - a.length);
}

function scrub(message: string, secrets: string[]): string {
  return secrets.reduce((text, secret) => text.split(secret).join(REDACTED), message);
}

function failure(policy: Policy, error: unknown): void {
  if (error instanceof NotApplicable) return;
  throw new Error(`policy ${policy.name} failed: ${(error as Error).message}`);
}

/** Awaits only what a policy returns as a promise: most are synchronous, and thousands of awaits add up. */
function run(policy: Policy, body: () => void | Promise<void>): void | Promise<void> {
  try {
    const result = body();
    if (result instanceof Promise) return result.catch((error) => failure(policy, error));
  } catch (error) {
    failure(policy, error);
  }
}

type PerPolicyArgs = Pick<ResourceValidationArgs, "stackTags" | "getConfig" | "notApplicable">;

/** Fields listed, not spread: spreading the shared view into every policy × resource pair took 40 % of the evaluation. */
function resourceArgs(view: ResourceView, perPolicy: PerPolicyArgs): ResourceValidationArgs {
  const { type, props, urn, name, opts, provider, isType, asType } = view;
  return { type, props, urn, name, opts, provider, isType, asType, ...perPolicy };
}

export async function evaluatePolicies(
  resources: Registration[],
  environment: string,
  options: EvaluationOptions = {},
): Promise<Verdict[]> {
  const config = options.config ?? readPackConfig(environment);
  const secrets = secretValues(resources);
  const views = resourceViews(resources);
  let stackResources: PolicyResource[] | undefined;
  const verdicts: Verdict[] = [];

  for (const policy of options.policies ?? slipwayPolicies) {
    const level: EnforcementLevel = enforcementOf(policy, config, DEFAULT_ENFORCEMENT);
    if (level === "disabled") continue;
    const enforcement = level === "advisory" ? "advisory" : "mandatory"; // "remediate" that still fails is mandatory
    const report =
      (urn?: string): ReportViolation =>
      (message, reportedUrn) => {
        verdicts.push({ policy: policy.name, enforcement, urn: reportedUrn ?? urn, message: scrub(message, secrets) });
      };
    const getConfig = <T extends object>() => settingsOf(policy, config) as T;

    if (isStackPolicy(policy)) {
      stackResources ??= policyResources(resources, views);
      const args = { resources: stackResources, stackTags: new Map<string, string>(), getConfig, notApplicable };
      await run(policy, () => policy.validateStack(args, report()));
      continue;
    }
    const validations = [policy.validateResource ?? []].flat();
    const perPolicy = { stackTags: new Map<string, string>(), getConfig, notApplicable };
    for (const resource of resources) {
      const args = resourceArgs(views.get(resource.urn)!, perPolicy);
      // Resource policies report against the resource being validated, whatever URN they pass.
      const reportHere = report(resource.urn);
      for (const validate of validations) {
        const pending = run(policy, () => validate(args, (message) => reportHere(message)));
        if (pending) await pending;
      }
    }
  }
  return verdicts;
}

export function mandatory(verdicts: Verdict[]): Verdict[] {
  return verdicts.filter((v) => v.enforcement === "mandatory");
}
