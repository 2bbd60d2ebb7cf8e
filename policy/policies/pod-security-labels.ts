/**
 * Every namespace a stack creates says which Pod Security Standard the API server enforces in it: the
 * cluster's wall around pods, which the pack checks is there. Tenant namespaces enforce `restricted`;
 * a platform namespace enforces `restricted` unless the exemption table names its exception (the same
 * table the platform labels namespaces from); audit and warn are `restricted` everywhere; every mode
 * names its version: the cluster's minor, or `latest` for a kubeconfig cluster whose version the stack
 * does not configure (config/cluster.ts podSecurityVersion).
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { podSecurityLevel } from "./lib/exemptions";

/** config/labels.ts TENANT_LABEL (the pack is a package of its own; test/rule-parity.test.ts). */
export const TENANT_LABEL = "slipway.dev/tenant";

const PREFIX = "pod-security.kubernetes.io";
const MODES = ["enforce", "audit", "warn"] as const;

function problems(name: string, labels: Record<string, unknown>): string[] {
  const expected = {
    enforce: TENANT_LABEL in labels ? "restricted" : podSecurityLevel(name),
    audit: "restricted",
    warn: "restricted",
  };
  const found: string[] = [];
  for (const mode of MODES) {
    const level = labels[`${PREFIX}/${mode}`];
    if (level !== expected[mode]) found.push(`${PREFIX}/${mode} is ${String(level)}, expected ${expected[mode]}`);
    const version = labels[`${PREFIX}/${mode}-version`];
    if (typeof version !== "string" || !/^(v1\.\d+|latest)$/.test(version))
      found.push(`${PREFIX}/${mode}-version is ${String(version)}, expected the cluster's minor such as v1.33`);
  }
  return found;
}

const namespacePodSecurity: ResourceValidationPolicy = {
  name: "k8s-namespace-pod-security",
  description:
    "Namespaces carry Pod Security Admission labels: restricted for tenants, a platform exception only as the exemption table names it, each mode's version named.",
  remediationSteps:
    "Create namespaces through Slipway (components/platform/pod-security.ts); name a platform exception in policy/policies/lib/exemptions.ts; set slipway:cluster.version.",
  validateResource: (args, reportViolation) => {
    if (args.type !== "kubernetes:core/v1:Namespace") return;
    const metadata = (args.props.metadata ?? {}) as { name?: unknown; labels?: Record<string, unknown> };
    const name = String(metadata.name);
    for (const problem of problems(name, metadata.labels ?? {})) reportViolation(`Namespace ${name}: ${problem}`);
  },
};

export const podSecurityLabelPolicies: ResourceValidationPolicy[] = [namespacePodSecurity];
