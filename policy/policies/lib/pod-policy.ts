/** Builds a resource policy that checks the pod spec of every kind of workload, less its named exemptions. */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { exemptionFor } from "./exemptions";
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
      if (!spec || exemptionFor(policy.name, args.props)) return;
      const where = describeObject(args);
      check(spec, (message) => reportViolation(`${where}: ${message}`));
    },
  };
}
