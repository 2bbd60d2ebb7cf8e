/**
 * IRSA: an IAM role that exactly one Kubernetes service account can assume through the cluster's OIDC
 * provider, with an inline policy and/or AWS managed policies. The trust policy pins both `sub`
 * (namespace and name) and `aud`.
 */
import * as pulumi from "@pulumi/pulumi";
import { Role } from "@pulumi/aws/iam/role";
import { RolePolicy } from "@pulumi/aws/iam/rolePolicy";
import { RolePolicyAttachment } from "@pulumi/aws/iam/rolePolicyAttachment";

export interface PolicyStatement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Action: string | string[];
  Resource: pulumi.Input<string> | pulumi.Input<string>[];
  Condition?: Record<string, Record<string, unknown>>;
}

/**
 * A request a controller's reference policy allows that Slipway does not grant as written: the
 * reference's actions and resources (as the reference writes them), why the controller never needs
 * them here at its pinned version, and the controller's code that shows it.
 */
export interface IamNarrowing {
  actions: string[];
  resources: string[];
  /** The Slipway statement (Sid) that grants the narrower form; absent where Slipway grants none. */
  grantedBy?: string;
  why: string;
  /** `<owner>/<repo> <tag> <path>[:line]`. */
  source: string;
}

/**
 * Every app's IRSA role lives under its stack's IAM path, so the cluster tells one team's roles from
 * another's by ARN (components/platform/admission/irsa-roles.ts); platform roles stay at `/`.
 */
export const APP_ROLE_PATH_ROOT = "/slipway/apps/";

export function appRolePath(stack: string): string {
  return `${APP_ROLE_PATH_ROOT}${stack}/`;
}

/**
 * For a controller whose project publishes no reference policy: each action its role grants, keyed by
 * action, with the call site that makes the request (`<owner>/<repo> <tag> <path>:line`).
 */
export type ActionSources = Readonly<Record<string, string>>;

export interface ServiceAccountRoleArgs {
  oidc: { providerArn: pulumi.Input<string>; issuer: pulumi.Input<string> };
  namespace: string;
  serviceAccount: string;
  /** The permissions, least privilege: name the resources, never `*` unless the API requires it. */
  statements?: PolicyStatement[];
  /**
   * AWS managed policies by name (e.g. `service-role/AmazonEBSCSIDriverPolicy`), for AWS's own
   * components whose permissions AWS maintains. The partition is taken from the OIDC provider's ARN.
   */
  managedPolicies?: string[];
  /** The managed policy that caps the role's permissions (an apps stack's, from its platform). */
  permissionsBoundary?: pulumi.Input<string>;
  tags?: Record<string, string>;
  /** The role's IAM path (appRolePath for apps); `/` when omitted. */
  path?: string;
}

function trustPolicy(providerArn: string, issuerUrl: string, namespace: string, serviceAccount: string): string {
  // The condition keys are the issuer's host and path; tolerate an issuer given as a URL.
  const issuer = issuerUrl.replace(/^https:\/\//, "");
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: providerArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            [`${issuer}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
            [`${issuer}:aud`]: "sts.amazonaws.com",
          },
        },
      },
    ],
  });
}

export class ServiceAccountRole extends pulumi.ComponentResource {
  public readonly roleArn: pulumi.Output<string>;
  public readonly roleName: pulumi.Output<string>;

  constructor(name: string, args: ServiceAccountRoleArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("slipway:iam:ServiceAccountRole", name, {}, opts);
    const statements = args.statements ?? [];
    const managed = args.managedPolicies ?? [];
    if (statements.length === 0 && managed.length === 0)
      throw new Error(`${name}: an IRSA role needs at least one policy statement or managed policy`);
    const role = new Role(
      name,
      {
        assumeRolePolicy: pulumi
          .all([args.oidc.providerArn, args.oidc.issuer])
          .apply(([arn, issuer]) => trustPolicy(arn, issuer, args.namespace, args.serviceAccount)),
        description: `IRSA role for ${args.namespace}/${args.serviceAccount}`,
        ...(args.path ? { path: args.path } : {}),
        permissionsBoundary: args.permissionsBoundary,
        tags: args.tags,
      },
      { parent: this },
    );
    if (statements.length > 0) {
      new RolePolicy(
        name,
        {
          role: role.name,
          policy: pulumi
            .output(statements)
            .apply((resolved) => JSON.stringify({ Version: "2012-10-17", Statement: resolved })),
        },
        { parent: this },
      );
    }
    for (const policy of managed) {
      new RolePolicyAttachment(
        `${name}-${policy.split("/").pop()}`,
        {
          role: role.name,
          policyArn: pulumi
            .output(args.oidc.providerArn)
            .apply((arn) => `arn:${arn.split(":")[1]}:iam::aws:policy/${policy}`),
        },
        { parent: this },
      );
    }
    this.roleArn = role.arn;
    this.roleName = role.name;
    this.registerOutputs({ roleArn: this.roleArn, roleName: this.roleName });
  }
}
