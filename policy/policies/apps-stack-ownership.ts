/**
 * An apps stack claims only what its platform granted it: every hostname its routes, Gateways and
 * certificates name lies within the stack's hostname grants, and every S3 bucket its IAM policies
 * name is one of its granted buckets. The grant is read from the platform's StackReference
 * (lib/platform-reference.ts), never from the apps stack's own config. The config check refuses the
 * same before anything is registered (config/apps-ownership-check.ts); this catches a program or
 * config that gets past it.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { grantedBy } from "./lib/hostname-grants";
import { platformGrant, s3BucketOf } from "./lib/platform-reference";

export const APPS_STACK_OWNERSHIP = "apps-stack-ownership";

interface OwnershipConfig {
  /** The apps stack's name: its key in the platform's grants. */
  stack?: string;
}

const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

/** The hostnames a Kubernetes object claims: a route's, a Gateway listener's, a certificate's. */
function claimedHostnames(props: Record<string, any>): string[] {
  const spec = props.spec ?? {};
  const names =
    props.kind === "HTTPRoute" || props.kind === "GRPCRoute" || props.kind === "TLSRoute"
      ? listOf(spec.hostnames)
      : props.kind === "Gateway"
        ? listOf(spec.listeners).map((listener) => (listener as { hostname?: unknown })?.hostname)
        : props.kind === "Certificate"
          ? [...listOf(spec.dnsNames), spec.commonName]
          : [];
  return names.filter((name): name is string => typeof name === "string");
}

/** The S3 buckets an IAM policy document names in its statements' resources. */
function claimedBuckets(document: unknown): string[] {
  let parsed: { Statement?: unknown };
  try {
    parsed = typeof document === "string" ? (JSON.parse(document) as { Statement?: unknown }) : {};
  } catch {
    return [];
  }
  return listOf(parsed.Statement).flatMap((statement) =>
    listOf((statement as { Resource?: unknown })?.Resource).flatMap((resource) => {
      const bucket = typeof resource === "string" ? s3BucketOf(resource) : undefined;
      return bucket === undefined ? [] : [bucket];
    }),
  );
}

function describe(resource: PolicyResource): string {
  const name = resource.props.metadata?.name;
  return typeof resource.props.kind === "string" ? `${resource.props.kind} ${String(name)}` : resource.name;
}

const listed = (names: string[]) => (names.length > 0 ? names.join(", ") : "nothing");

const IAM_DOCUMENTS = ["aws:iam/rolePolicy:RolePolicy", "aws:iam/policy:Policy"];

const ownership: StackValidationPolicy = {
  name: APPS_STACK_OWNERSHIP,
  description:
    "An apps stack claims only the hostnames and S3 buckets its platform stack grants it (slipway:cluster.access.appStacks.<stack>).",
  remediationSteps:
    "Remove the hostname or bucket, or have the platform stack grant it to this stack (slipway:cluster.access.appStacks.<stack>.hostnames / .buckets).",
  configSchema: { properties: { stack: { type: "string" } } },
  validateStack: (args, reportViolation) => {
    const { stack } = args.getConfig<OwnershipConfig>();
    if (stack === undefined) return;
    const grant = platformGrant(args.resources, stack);
    if (typeof grant === "string") {
      reportViolation(`${grant} (${APPS_STACK_OWNERSHIP})`);
      return;
    }
    for (const resource of args.resources) {
      for (const name of claimedHostnames(resource.props).filter((n) => !grantedBy(n, grant.hostnames))) {
        reportViolation(
          `${describe(resource)}: ${name} is not granted to stack ${stack} by its platform stack; granted: ${listed(grant.hostnames)} (${APPS_STACK_OWNERSHIP})`,
          resource.urn,
        );
      }
      if (!IAM_DOCUMENTS.includes(resource.type)) continue;
      const foreign = [...new Set(claimedBuckets(resource.props.policy))].filter((b) => !grant.buckets.includes(b));
      for (const bucket of foreign) {
        reportViolation(
          `${resource.name}: its policy names S3 bucket ${bucket}, which the platform stack does not grant to stack ${stack}; granted: ${listed(grant.buckets)} (${APPS_STACK_OWNERSHIP})`,
          resource.urn,
        );
      }
    }
  },
};

export const appsStackOwnershipPolicies: StackValidationPolicy[] = [ownership];
