/**
 * What every tenant admission policy shares: the label that marks a tenant namespace, the parameters
 * ConfigMap, and the pod specs of every kind that carries one. Plain data (no SDK), so the offline
 * evaluator (tools/harness/admission/) reads the same objects the platform installs.
 */
import { TENANT_LABEL } from "../../../config/labels";

export const ADMISSION_NAMESPACE = "slipway-admission";
export const PARAMS_NAME = "slipway-tenant-admission";

/** The tenant namespaces: labelled by the platform (or a single stack) when it creates them; tenants may not relabel. */
const TENANT_NAMESPACES = { matchExpressions: [{ key: TENANT_LABEL, operator: "Exists" }] };

const WRITES = ["CREATE", "UPDATE"];

export interface ResourceRule {
  apiGroups: string[];
  apiVersions: string[];
  operations: string[];
  resources: string[];
}

export function writesOf(apiGroup: string, apiVersion: string, resources: string[]): ResourceRule {
  return { apiGroups: [apiGroup], apiVersions: [apiVersion], operations: WRITES, resources };
}

/**
 * Pods (and the ephemeral containers subresource, which adds containers to a running pod) and every
 * kind with a pod template a tenant or its controllers create: the template is refused at once instead
 * of its pods failing one by one.
 */
export const POD_RULES: ResourceRule[] = [
  writesOf("", "v1", ["pods", "pods/ephemeralcontainers"]),
  writesOf("apps", "v1", ["deployments", "statefulsets", "daemonsets", "replicasets"]),
  writesOf("batch", "v1", ["jobs", "cronjobs"]),
  writesOf("argoproj.io", "v1alpha1", ["rollouts"]),
];

/** A Rollout may reference a Deployment's template instead of carrying one (the Deployment is checked itself). */
export const HAS_POD_SPEC = {
  name: "has-pod-spec",
  expression: "object.kind != 'Rollout' || has(object.spec.template)",
};

/**
 * The pod spec, wherever the kind keeps it, and all of its containers. Joining Container and
 * EphemeralContainer lists type-checks because the API server compiles `object` as `dyn` at run time
 * (kubernetes/kubernetes v1.33 staging/src/k8s.io/apiserver/pkg/admission/plugin/cel/compile.go
 * createEnvForOpts: `cel.Variable(ObjectVarName, cel.DynType)`); the schema-typed check only writes
 * warnings into the policy's status (pkg/admission/plugin/policy/validating/typechecking.go Check).
 */
export const POD_VARIABLES = [
  {
    name: "pod",
    expression:
      "object.kind == 'Pod' ? object.spec : object.kind == 'CronJob' ? object.spec.jobTemplate.spec.template.spec : object.spec.template.spec",
  },
  {
    name: "containers",
    expression:
      "(has(variables.pod.containers) ? variables.pod.containers : []) + (has(variables.pod.initContainers) ? variables.pod.initContainers : []) + (has(variables.pod.ephemeralContainers) ? variables.pod.ephemeralContainers : [])",
  },
];

interface Validation {
  expression: string;
  message: string;
  reason?: string;
}

export interface TenantPolicy {
  name: string;
  /** Whether it reads the parameters ConfigMap (`params`). */
  usesParams: boolean;
  resourceRules: ResourceRule[];
  matchConditions?: Array<{ name: string; expression: string }>;
  variables?: Array<{ name: string; expression: string }>;
  validations: Validation[];
}

/** The ValidatingAdmissionPolicy and its binding (validationActions Deny) for tenant namespaces. */
export function policyObjects(policy: TenantPolicy, labels: Record<string, string>) {
  const vap = {
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "ValidatingAdmissionPolicy",
    metadata: { name: policy.name, labels },
    spec: {
      failurePolicy: "Fail",
      ...(policy.usesParams ? { paramKind: { apiVersion: "v1", kind: "ConfigMap" } } : {}),
      matchConstraints: { resourceRules: policy.resourceRules },
      ...(policy.matchConditions ? { matchConditions: policy.matchConditions } : {}),
      ...(policy.variables ? { variables: policy.variables } : {}),
      validations: policy.validations.map((v) => ({ reason: "Forbidden", ...v })),
    },
  };
  const binding = {
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "ValidatingAdmissionPolicyBinding",
    metadata: { name: policy.name, labels },
    spec: {
      policyName: policy.name,
      validationActions: ["Deny"],
      ...(policy.usesParams
        ? { paramRef: { name: PARAMS_NAME, namespace: ADMISSION_NAMESPACE, parameterNotFoundAction: "Deny" } }
        : {}),
      matchResources: { namespaceSelector: TENANT_NAMESPACES },
    },
  };
  return { vap, binding };
}
