/**
 * IAM in an apps stack cannot reach beyond what its platform allows: every role carries the
 * permissions boundary the platform defines for the stack, trusts only the platform cluster's OIDC
 * provider with both `sub` and `aud` pinned, and its policies name actions, not `*` or `service:*`;
 * no managed policy is attached beyond a named allow-list. The boundary, the provider and the issuer
 * are read from the platform's StackReference (lib/platform-reference.ts). The boundary holds in AWS
 * too: the deploy role may create roles only with it (docs/deploy-role-policy.json).
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { platformGrant, type PlatformGrant } from "./lib/platform-reference";

export const APPS_STACK_IAM = "apps-stack-iam";

/**
 * AWS managed policies an apps stack may attach: none. An app's AWS access is what its `aws` config
 * names (components/app/aws-access.ts); an AWS managed policy grants on every resource of its service.
 */
const APPS_STACK_MANAGED_POLICIES: readonly string[] = [];

interface Statement {
  Effect?: unknown;
  Action?: unknown;
  NotAction?: unknown;
  Principal?: { Federated?: unknown };
  Condition?: { StringEquals?: Record<string, unknown> };
}

const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

function statementsOf(document: unknown): Statement[] | undefined {
  try {
    const parsed = JSON.parse(String(document)) as { Statement?: unknown };
    return listOf(parsed.Statement) as Statement[];
  } catch {
    return undefined;
  }
}

const allows = (statement: Statement) => statement.Effect !== "Deny";

function roleProblems(props: Record<string, any>, grant: PlatformGrant): string[] {
  const problems: string[] = [];
  if (props.permissionsBoundary !== grant.permissionsBoundaryArn)
    problems.push(
      `its permissions boundary must be the platform's ${grant.permissionsBoundaryArn ?? "(none exported)"}, got ${JSON.stringify(props.permissionsBoundary ?? null)}`,
    );
  const statements = statementsOf(props.assumeRolePolicy);
  if (statements === undefined) return [...problems, "its trust policy is not JSON"];
  const oidc = grant.oidc;
  const issuer = oidc?.issuer.replace(/^https:\/\//, "");
  for (const statement of statements.filter(allows)) {
    const equals = statement.Condition?.StringEquals ?? {};
    if (oidc === undefined || statement.Principal?.Federated !== oidc.providerArn)
      problems.push(
        `its trust policy trusts ${JSON.stringify(statement.Principal ?? null)}, not the platform's OIDC provider`,
      );
    else if (typeof equals[`${issuer}:sub`] !== "string" && !Array.isArray(equals[`${issuer}:sub`]))
      problems.push(`its trust policy does not pin ${issuer}:sub (StringEquals)`);
    else if (equals[`${issuer}:aud`] !== "sts.amazonaws.com")
      problems.push(`its trust policy does not pin ${issuer}:aud to sts.amazonaws.com (StringEquals)`);
  }
  return problems;
}

/** `*`, `service:*`, or an allow by NotAction (everything but the names listed). */
function policyProblems(document: unknown): string[] {
  const statements = statementsOf(document);
  if (statements === undefined) return ["its policy is not JSON"];
  return statements.filter(allows).flatMap((statement) => [
    ...(statement.NotAction !== undefined ? ["it allows by NotAction: name the actions instead"] : []),
    ...listOf(statement.Action)
      .filter((action) => typeof action !== "string" || action === "*" || action.endsWith(":*"))
      .map((action) => `it allows ${JSON.stringify(action)}: name the actions instead`),
  ]);
}

function problemsOf(resource: PolicyResource, grant: PlatformGrant): string[] {
  const { props } = resource;
  switch (resource.type) {
    case "aws:iam/role:Role":
      return roleProblems(props, grant);
    case "aws:iam/rolePolicy:RolePolicy":
    case "aws:iam/policy:Policy":
      return policyProblems(props.policy);
    case "aws:iam/rolePolicyAttachment:RolePolicyAttachment":
      return APPS_STACK_MANAGED_POLICIES.includes(String(props.policyArn))
        ? []
        : [`it attaches ${String(props.policyArn)}, which is not on the apps stack's allow-list (none is)`];
    default:
      return [];
  }
}

const iam: StackValidationPolicy = {
  name: APPS_STACK_IAM,
  description:
    "An apps stack's IAM roles carry the platform's permissions boundary and trust only the platform's OIDC provider with sub and aud pinned; its policies name actions (no * or service:*) and attach no managed policy.",
  remediationSteps:
    "Let Slipway create the app's role from its `aws` config (components/app/aws-access.ts); ask the platform team for anything else.",
  configSchema: { properties: { stack: { type: "string" } } },
  validateStack: (args, reportViolation) => {
    const { stack } = args.getConfig<{ stack?: string }>();
    if (stack === undefined) return;
    const grant = platformGrant(args.resources, stack);
    if (typeof grant === "string") {
      reportViolation(`${grant} (${APPS_STACK_IAM})`);
      return;
    }
    for (const resource of args.resources) {
      for (const problem of problemsOf(resource, grant))
        reportViolation(`${resource.type} ${resource.name}: ${problem} (${APPS_STACK_IAM})`, resource.urn);
    }
  },
};

export const appsStackIamPolicies: StackValidationPolicy[] = [iam];
