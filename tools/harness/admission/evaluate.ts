/**
 * ValidatingAdmissionPolicies evaluated offline, as the API server does for one request
 * (kubernetes/kubernetes v1.33.0 staging/src/k8s.io/apiserver/pkg/admission/plugin/policy/validating):
 * a binding applies when its policy's matchConstraints.resourceRules match the request's resource and
 * operation and its matchResources.namespaceSelector matches the namespace's labels; then every
 * matchCondition must be true, the variables are computed in order (each may read the earlier ones),
 * and each validation must be true. Under failurePolicy Fail an expression that errors denies, and so
 * does a missing parameter object with parameterNotFoundAction Deny. CEL is @bufbuild/cel with no
 * extension library: the policies use standard CEL only.
 */
import { celEnv, celError, isCelError, parse, plan, type CelError, type CelValue } from "@bufbuild/cel";

const ENV = celEnv();
/** Each expression parsed and planned once: the same policies judge every object of every render. */
const plans = new Map<string, ReturnType<typeof plan>>();

function run(expression: string, bindings: Record<string, unknown>): CelValue | CelError {
  try {
    let planned = plans.get(expression);
    if (!planned) plans.set(expression, (planned = plan(ENV, parse(expression))));
    return planned(bindings as never);
  } catch (error) {
    return celError(error);
  }
}

export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
};

interface Rule {
  apiGroups: string[];
  apiVersions: string[];
  operations: string[];
  resources: string[];
}

interface Selector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

export interface AdmissionRequest {
  operation: "CREATE" | "UPDATE";
  object: K8sObject;
  oldObject?: K8sObject;
  /** The resource's plural, with the subresource when there is one (`pods/ephemeralcontainers`). */
  resource?: string;
}

export interface Denial {
  policy: string;
  message: string;
}

/** The cluster state a request is judged against: policies, bindings, parameter objects and namespaces. */
export interface AdmissionCluster {
  objects: K8sObject[];
}

/** `Deployment` → `deployments`, `NetworkPolicy` → `networkpolicies`: the plural the API serves. */
function pluralOf(kind: string): string {
  const lower = kind.toLowerCase();
  if (lower.endsWith("y")) return `${lower.slice(0, -1)}ies`;
  if (lower.endsWith("s")) return `${lower}es`;
  return `${lower}s`;
}

function ruleMatches(rule: Rule, request: AdmissionRequest): boolean {
  const [group, version] = request.object.apiVersion.includes("/")
    ? request.object.apiVersion.split("/")
    : ["", request.object.apiVersion];
  const resource = request.resource ?? pluralOf(request.object.kind);
  const has = (list: string[], value: string) => list.includes("*") || list.includes(value);
  return (
    has(rule.apiGroups, group) &&
    has(rule.apiVersions, version) &&
    has(rule.operations, request.operation) &&
    has(rule.resources, resource)
  );
}

/** A label selector (metav1.LabelSelector): every matchLabels entry and every expression must hold. */
function selectorMatches(selector: Selector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return true;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (labels[key] !== value) return false;
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    const present = key in labels;
    const ok =
      operator === "Exists"
        ? present
        : operator === "DoesNotExist"
          ? !present
          : operator === "In"
            ? present && values.includes(labels[key])
            : operator === "NotIn"
              ? !present || !values.includes(labels[key])
              : false;
    if (!ok) return false;
  }
  return true;
}

function find(cluster: AdmissionCluster, kind: string, name: string, namespace?: string): K8sObject | undefined {
  return cluster.objects.find(
    (o) =>
      o.kind === kind && o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace),
  );
}

type Spec = Record<string, any>;

/** Every denial of `request` by the cluster's bound policies; an empty list means it is admitted. */
export function admissionDenials(cluster: AdmissionCluster, request: AdmissionRequest): Denial[] {
  const namespace = request.object.metadata.namespace;
  const namespaceObject = namespace ? find(cluster, "Namespace", namespace) : undefined;
  if (namespace && !namespaceObject) throw new Error(`namespace ${namespace} is not in the cluster given`);
  const denials: Denial[] = [];
  for (const binding of cluster.objects.filter((o) => o.kind === "ValidatingAdmissionPolicyBinding")) {
    const bindingSpec = binding.spec as Spec;
    const policy = find(cluster, "ValidatingAdmissionPolicy", bindingSpec.policyName as string);
    if (!policy) continue;
    const spec = policy.spec as Spec;
    if (!(spec.matchConstraints.resourceRules as Rule[]).some((rule) => ruleMatches(rule, request))) continue;
    if (!selectorMatches(bindingSpec.matchResources?.namespaceSelector, namespaceObject?.metadata.labels ?? {}))
      continue;
    if (!(bindingSpec.validationActions as string[]).includes("Deny")) continue;
    const deny = (message: string) => denials.push({ policy: policy.metadata.name!, message });
    let params: K8sObject | null = null;
    if (bindingSpec.paramRef) {
      const ref = bindingSpec.paramRef;
      params = find(cluster, spec.paramKind.kind, ref.name, ref.namespace) ?? null;
      if (!params && ref.parameterNotFoundAction === "Deny") {
        deny(`parameter object ${ref.namespace}/${ref.name} not found`);
        continue;
      }
    }
    const bindings: Record<string, any> = {
      object: request.object,
      oldObject: request.oldObject ?? null,
      params,
      namespaceObject: namespaceObject ?? null,
      request: { operation: request.operation, namespace: namespace ?? "", name: request.object.metadata.name ?? "" },
      variables: {},
    };
    const evaluate = (expression: string) => run(expression, bindings);
    const verdict = judge(spec, evaluate, bindings.variables);
    if (verdict) deny(verdict);
  }
  return denials;
}

/** Why the policy denies, or undefined when it admits (or its match conditions exclude the request). */
function judge(
  spec: Spec,
  evaluate: (expression: string) => CelValue | CelError,
  variables: Record<string, CelValue>,
): string | undefined {
  for (const condition of (spec.matchConditions ?? []) as Array<{ name: string; expression: string }>) {
    const result = evaluate(condition.expression);
    if (isCelError(result)) return `matchCondition ${condition.name} failed: ${result.message}`;
    if (result !== true) return undefined;
  }
  for (const variable of (spec.variables ?? []) as Array<{ name: string; expression: string }>) {
    const result = evaluate(variable.expression);
    if (isCelError(result)) return `variable ${variable.name} failed: ${result.message}`;
    variables[variable.name] = result;
  }
  for (const validation of spec.validations as Array<{ expression: string; message: string }>) {
    const result = evaluate(validation.expression);
    if (isCelError(result)) return `${validation.message} (expression failed: ${result.message})`;
    if (result !== true) return validation.message;
  }
  return undefined;
}
