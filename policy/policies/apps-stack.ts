/**
 * An apps stack (one team's apps on a shared platform) stays inside what the platform granted it: the
 * namespaces listed for its deploy role (slipway:cluster.access.appStacks.<stack>.namespaces in the
 * platform stack), IRSA roles and its image repositories. The policy config of an apps stack names its
 * namespaces (tools/harness/policy-config.ts); without them the stack is not an apps stack and nothing
 * is checked. The deploy role's RBAC refuses the same on a real cluster; this says so at preview, with
 * the resource named, instead of halfway through an update.
 */
import type { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { kubernetesScope } from "./lib/kubernetes-scope";

export const APPS_STACK_ISOLATION = "apps-stack-isolation";

/** The AWS resources an apps stack may own besides IRSA roles (trustProblem): their policies, its ECR repositories. */
const APPS_STACK_AWS_TYPES: readonly string[] = [
  "aws:iam/rolePolicy:RolePolicy",
  "aws:iam/policy:Policy",
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  "aws:ecr/repository:Repository",
  "aws:ecr/lifecyclePolicy:LifecyclePolicy",
  "aws:ecr/repositoryPolicy:RepositoryPolicy",
];

/** Packages whose resources are cloud infrastructure; any other (random, docker, command) is not. */
const CLOUD_PACKAGES = ["aws", "aws-native", "awsx", "eks"];

/** Installs whose objects the pack never sees one by one. */
const OPAQUE = /^kubernetes:(helm\.sh|yaml|kustomize)\//;

interface IsolationConfig {
  namespaces?: string[];
}

function kubernetesProblem(args: ResourceValidationArgs, namespaces: string[]): string | undefined {
  if (OPAQUE.test(args.type))
    return "a Helm chart or manifest install, whose objects the pack cannot check: the platform stack installs charts";
  const { apiVersion, kind, metadata } = args.props as {
    apiVersion?: unknown;
    kind?: unknown;
    metadata?: { name?: unknown; namespace?: unknown };
  };
  if (typeof apiVersion !== "string" || typeof kind !== "string") return undefined;
  const scope = kubernetesScope(apiVersion, kind);
  if (kind === "Namespace" && scope === "Cluster")
    return "the platform stack creates the app stacks' namespaces (slipway:cluster.access.appStacks)";
  if (scope === undefined) return `${apiVersion} ${kind} is of no known scope; only namespaced kinds are allowed`;
  if (scope === "Cluster") return `${kind} is cluster-scoped`;
  const namespace = metadata?.namespace;
  if (typeof namespace !== "string" || namespace === "")
    return "no metadata.namespace: it would land in the provider's default namespace";
  if (!namespaces.includes(namespace)) return `namespace ${namespace} is not one of this apps stack's`;
  if (apiVersion === "v1" && kind === "Service") return exposureProblem(args.props.spec);
  return undefined;
}

/**
 * A team's traffic enters through the platform's router only: a Service of its own of type
 * LoadBalancer or NodePort would open the nodes or a load balancer to it, bypassing the router's TLS
 * and routing, and `externalIPs` would capture traffic for any address (CVE-2020-8554).
 */
function exposureProblem(spec: unknown): string | undefined {
  const { type, externalIPs } = (spec ?? {}) as { type?: unknown; externalIPs?: unknown };
  if (type === "LoadBalancer" || type === "NodePort")
    return `a Service of type ${type}: apps stacks are reached through the platform's router (use ClusterIP)`;
  if (Array.isArray(externalIPs) && externalIPs.length > 0)
    return "a Service with externalIPs, which would take traffic for addresses the platform owns";
  return undefined;
}

interface TrustStatement {
  Effect?: unknown;
  Action?: unknown;
  Principal?: { Federated?: unknown };
  Condition?: { StringEquals?: Record<string, unknown> };
}

/**
 * A role an apps stack creates is an IRSA role (components/iam.ts): assumable only through the
 * cluster's OIDC provider, by service accounts in the stack's own namespaces. Anything else would let
 * the stack hand AWS access to a principal outside it.
 */
function trustProblem(args: ResourceValidationArgs, namespaces: string[]): string | undefined {
  const text: unknown = args.props.assumeRolePolicy;
  let statements: TrustStatement[];
  try {
    const parsed = JSON.parse(String(text)) as { Statement?: TrustStatement | TrustStatement[] };
    statements = [parsed.Statement ?? []].flat();
  } catch {
    return "its trust policy is not JSON";
  }
  const ownAccount = (sub: unknown) =>
    typeof sub === "string" && namespaces.includes(/^system:serviceaccount:([^:]+):[^:]+$/.exec(sub)?.[1] ?? "");
  const irsa = (statement: TrustStatement) => {
    const actions = [statement.Action].flat();
    const subjects = Object.entries(statement.Condition?.StringEquals ?? {})
      .filter(([key]) => key.endsWith(":sub"))
      .flatMap(([, value]) => [value].flat());
    return (
      actions.length === 1 &&
      actions[0] === "sts:AssumeRoleWithWebIdentity" &&
      typeof statement.Principal?.Federated === "string" &&
      subjects.length > 0 &&
      subjects.every(ownAccount)
    );
  };
  const allowed = statements.filter((statement) => statement.Effect !== "Deny");
  if (allowed.length === 0 || !allowed.every(irsa))
    return "a role here is an IRSA role, trusted only by service accounts in this apps stack's namespaces";
  return undefined;
}

function describe(args: ResourceValidationArgs): string {
  const props = args.props as { kind?: unknown; metadata?: { name?: unknown } };
  const name = typeof props.metadata?.name === "string" ? props.metadata.name : args.name;
  return typeof props.kind === "string" ? `${props.kind} ${name}` : `${args.type} ${args.name}`;
}

const isolation: ResourceValidationPolicy = {
  name: APPS_STACK_ISOLATION,
  description:
    "An apps stack registers only namespaced Kubernetes objects in its own namespaces, IRSA roles and ECR repositories: no cluster-scoped object, no Helm chart, no other cloud resource, and no Service of type LoadBalancer or NodePort or with externalIPs.",
  remediationSteps:
    "Move the resource to the platform stack, or grant the namespace to this apps stack in the platform stack's slipway:cluster.access.appStacks.",
  configSchema: { properties: { namespaces: { type: "array", items: { type: "string" } } } },
  validateResource: (args, reportViolation) => {
    const { namespaces } = args.getConfig<IsolationConfig>();
    if (namespaces === undefined) return;
    const pkg = args.type.split(":")[0];
    let problem: string | undefined;
    if (pkg === "kubernetes") problem = kubernetesProblem(args, namespaces);
    else if (args.type === "aws:iam/role:Role") problem = trustProblem(args, namespaces);
    else if (CLOUD_PACKAGES.includes(pkg) && !APPS_STACK_AWS_TYPES.includes(args.type))
      problem = "an apps stack owns no cloud resource but IRSA roles and ECR repositories";
    if (problem) reportViolation(`${describe(args)}: ${problem} (${APPS_STACK_ISOLATION})`);
  },
};

export const appsStackPolicies: ResourceValidationPolicy[] = [isolation];
