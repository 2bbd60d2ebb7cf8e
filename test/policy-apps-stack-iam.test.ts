/**
 * The pack's IAM rule for apps stacks. Each hostile role or policy here passed the pack before (its
 * isolation rule checked only which service accounts a role trusts), and is refused now.
 */
import { policies } from "../policy/policies";
import { APPS_STACK_IAM } from "../policy/policies/apps-stack-iam";
import type { Registration } from "../tools/harness/mock-engine";
import type { PackConfig } from "../tools/harness/policy-config";
import { evaluatePolicies } from "../tools/harness/policy-eval";
import { resource } from "./support/policy";

const iam = policies.filter((p) => p.name === APPS_STACK_IAM);
const config: PackConfig = { [APPS_STACK_IAM]: { enforcementLevel: "mandatory", stack: "shop-staging" } };
const issuer = "oidc.eks.eu-west-1.amazonaws.com/id/PLATFORM";
const providerArn = `arn:aws:iam::123456789012:oidc-provider/${issuer}`;
const boundary = "arn:aws:iam::123456789012:policy/slipway/platform-staging/shop-staging-boundary";

const platform = resource("pulumi:pulumi:StackReference", "platform-stack", {
  name: "acme/slipway/platform-staging",
  outputs: {
    platformForApps: {
      cluster: { oidc: { providerArn, issuer } },
      appStacks: {
        "shop-staging": { namespaces: ["shop"], hostnames: [], buckets: [], permissionsBoundaryArn: boundary },
      },
    },
  },
});

const trust = (federated: string, conditions: Record<string, string>) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: federated },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: { StringEquals: conditions },
      },
    ],
  });
const pinned = { [`${issuer}:sub`]: "system:serviceaccount:shop:shop", [`${issuer}:aud`]: "sts.amazonaws.com" };
const role = (name: string, props: Record<string, unknown>) =>
  resource("aws:iam/role:Role", name, {
    assumeRolePolicy: trust(providerArn, pinned),
    permissionsBoundary: boundary,
    ...props,
  });
const inline = (name: string, statement: Record<string, unknown>) =>
  resource("aws:iam/rolePolicy:RolePolicy", name, {
    policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Resource: "*", ...statement }] }),
  });

async function refused(...resources: Registration[]): Promise<string[]> {
  const verdicts = await evaluatePolicies(resources, "staging", { policies: iam, config });
  return verdicts.map((v) => v.message);
}

test("a role as Slipway makes it passes: the platform's boundary, its OIDC provider, sub and aud pinned, named actions", async () => {
  expect(await refused(platform, role("shop-aws", {}), inline("shop-aws", { Action: ["s3:GetObject"] }))).toEqual([]);
});

test("a role without the platform's boundary, or with another, is refused", async () => {
  expect(
    await refused(
      platform,
      role("none", { permissionsBoundary: undefined }),
      role("other", { permissionsBoundary: "arn:aws:iam::123456789012:policy/wide-open" }),
    ),
  ).toEqual([
    `aws:iam/role:Role none: its permissions boundary must be the platform's ${boundary}, got null (apps-stack-iam)`,
    `aws:iam/role:Role other: its permissions boundary must be the platform's ${boundary}, got "arn:aws:iam::123456789012:policy/wide-open" (apps-stack-iam)`,
  ]);
});

test("a trust policy on another OIDC provider, or without aud, is refused", async () => {
  const elsewhere = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
  const { [`${issuer}:aud`]: _aud, ...subOnly } = pinned;
  expect(
    await refused(
      platform,
      role("foreign", {
        assumeRolePolicy: trust(elsewhere, { "token.actions.githubusercontent.com:sub": "repo:x/y:*" }),
      }),
      role("no-aud", { assumeRolePolicy: trust(providerArn, subOnly) }),
    ),
  ).toEqual([
    `aws:iam/role:Role foreign: its trust policy trusts {"Federated":"${elsewhere}"}, not the platform's OIDC provider (apps-stack-iam)`,
    `aws:iam/role:Role no-aud: its trust policy does not pin ${issuer}:aud to sts.amazonaws.com (StringEquals) (apps-stack-iam)`,
  ]);
});

test("inline Action *, service:* and NotAction, and any managed-policy attachment, are refused", async () => {
  expect(
    await refused(
      platform,
      inline("admin", { Action: "*" }),
      inline("iam-all", { Action: ["s3:GetObject", "iam:*"] }),
      inline("not-action", { NotAction: ["s3:DeleteBucket"] }),
      resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "admin", {
        role: "shop-aws",
        policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
      }),
    ),
  ).toEqual([
    'aws:iam/rolePolicy:RolePolicy admin: it allows "*": name the actions instead (apps-stack-iam)',
    'aws:iam/rolePolicy:RolePolicy iam-all: it allows "iam:*": name the actions instead (apps-stack-iam)',
    "aws:iam/rolePolicy:RolePolicy not-action: it allows by NotAction: name the actions instead (apps-stack-iam)",
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment admin: it attaches arn:aws:iam::aws:policy/AdministratorAccess, which is not on the apps stack's allow-list (none is) (apps-stack-iam)",
  ]);
});
