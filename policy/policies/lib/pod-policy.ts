/** Builds a resource policy that checks the pod specs of every kind of workload (and analysis Jobs). */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { describeObject, podSpecsOf, type PodSpec } from "./workloads";

export type PodCheck = (spec: PodSpec, report: (message: string) => void) => void;

export function podPolicy(
  policy: Omit<ResourceValidationPolicy, "validateResource">,
  check: PodCheck,
): ResourceValidationPolicy {
  return {
    ...policy,
    validateResource: (args, reportViolation) => {
      const where = describeObject(args);
      for (const spec of podSpecsOf(args)) check(spec, (message) => reportViolation(`${where}: ${message}`));
    },
  };
}
