/**
 * What the mock engine answers in place of providers: the outputs a real provider would compute for a
 * resource (ids, ARNs, random values) and the results of invokes. Values are derived from names only,
 * so every run is identical.
 */
import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import type { StackOutputs } from "./run-program";

export const MOCK_ACCOUNT = "123456789012";
export const MOCK_REGION = "eu-west-1";
export const MOCK_ORGANIZATION = "organization";

function digest(text: string, length: number): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}

/** Outputs the provider would add to the inputs, by resource type. */
function computedOutputs(args: pulumi.runtime.MockResourceArgs, previous?: StackOutputs): Record<string, unknown> {
  const { type, name } = args;
  // The program reads its own stack's previous outputs: none unless the run is given some.
  if (type === "pulumi:pulumi:StackReference") return { outputs: previous?.values ?? {}, secretOutputNames: previous?.secretNames ?? [] };
  if (type === "random:index/randomBytes:RandomBytes") {
    const bytes = createHash("sha256").update(`bytes:${name}`).digest();
    return { hex: bytes.toString("hex"), base64: bytes.toString("base64") };
  }
  if (type === "random:index/randomPassword:RandomPassword") {
    return { result: `pw-${digest(`password:${name}`, 24)}`, bcryptHash: `$2a$10$${digest(`bcrypt:${name}`, 53)}` };
  }
  if (type.startsWith("aws:")) {
    const service = type.split(":")[1].split("/")[0];
    return { arn: `arn:aws:${service}:${MOCK_REGION}:${MOCK_ACCOUNT}:${name}` };
  }
  return {};
}

export function mockNewResource(args: pulumi.runtime.MockResourceArgs, previous?: StackOutputs): { id: string; state: Record<string, unknown> } {
  return { id: args.id || `${args.name}-id`, state: { ...args.inputs, ...computedOutputs(args, previous) } };
}

export function mockCall(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
  switch (args.token) {
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return { accountId: MOCK_ACCOUNT, arn: `arn:aws:iam::${MOCK_ACCOUNT}:user/ci`, userId: "AIDAMOCK", id: MOCK_ACCOUNT };
    case "aws:index/getPartition:getPartition":
      return { partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws", id: "aws" };
    case "aws:index/getRegion:getRegion":
      return { name: MOCK_REGION, region: MOCK_REGION, endpoint: `ec2.${MOCK_REGION}.amazonaws.com`, id: MOCK_REGION };
    case "aws:index/getAvailabilityZones:getAvailabilityZones":
      return {
        names: ["a", "b", "c"].map((z) => `${MOCK_REGION}${z}`),
        zoneIds: ["1", "2", "3"].map((n) => `euw1-az${n}`),
        id: MOCK_REGION,
        state: "available",
      };
    case "aws:eks/getCluster:getCluster": {
      const issuer = `https://oidc.eks.${MOCK_REGION}.amazonaws.com/id/${digest(`oidc:${args.inputs.name}`, 32).toUpperCase()}`;
      return {
        name: args.inputs.name, id: args.inputs.name, arn: `arn:aws:eks:${MOCK_REGION}:${MOCK_ACCOUNT}:cluster/${args.inputs.name}`,
        identities: [{ oidcs: [{ issuer }] }], vpcConfig: { vpcId: `vpc-${digest(`vpc:${args.inputs.name}`, 17)}` },
      };
    }
    case "aws:iam/getOpenIdConnectProvider:getOpenIdConnectProvider": {
      const host = String(args.inputs.url).replace(/^https:\/\//, "");
      return { arn: `arn:aws:iam::${MOCK_ACCOUNT}:oidc-provider/${host}`, url: host, id: host, clientIdLists: ["sts.amazonaws.com"] };
    }
    default:
      throw new Error(`mock engine has no answer for invoke ${args.token}: add one to tools/harness/mock-cloud.ts`);
  }
}
