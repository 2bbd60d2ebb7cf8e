/** Builds a resource policy that checks the pod specs of every kind of workload (and analysis Jobs), less its named exemptions. */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { exemptionFor } from "./exemptions";
import { describeObject, podSpecsOf, type PodSpec } from "./workloads";

export type PodCheck = (spec: PodSpec, report: (message: string) => void) => void;

export function podPolicy(
  policy: Omit<ResourceValidationPolicy, "validateResource">,
  check: PodCheck,
): ResourceValidationPolicy {
  return {
    ...policy,
    validateResource: (args, reportViolation) => {
      if (exemptionFor(policy.name, args.props)) return;
      const where = describeObject(args);
      for (const spec of podSpecsOf(args)) check(spec, (message) => reportViolation(`${where}: ${message}`));
    },
  };
}
