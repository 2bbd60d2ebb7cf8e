/** Builds a resource policy that checks the pod spec of every kind of workload. */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { describeObject, podSpecOf, type PodSpec } from "./workloads";

export type PodCheck = (spec: PodSpec, report: (message: string) => void) => void;

export function podPolicy(
  policy: Omit<ResourceValidationPolicy, "validateResource">,
  check: PodCheck,
): ResourceValidationPolicy {
  return {
    ...policy,
    validateResource: (args, reportViolation) => {
      const spec = podSpecOf(args);
      if (!spec) return;
      const where = describeObject(args);
      check(spec, (message) => reportViolation(`${where}: ${message}`));
    },
  };
}
