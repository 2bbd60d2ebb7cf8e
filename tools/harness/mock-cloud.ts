/**
 * What the mock engine answers in place of providers: the outputs a real provider would compute for a
 * resource (ids, ARNs, random values) and the results of invokes. Values are derived from names only,
 * so every run is identical. AWS answers come from the stack's region (`aws:region`, as the AWS
 * provider reads it), so a us-east-2 stack renders us-east-2 ARNs and registry URLs.
 */
import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { mockDigest } from "./mock-digests";
import type { StackOutputs } from "./run-program";

export const MOCK_ACCOUNT = "123456789012";
/** The region when the stack sets no `aws:region` (stacks on an existing cluster). */
export const MOCK_REGION = "eu-west-1";
export const MOCK_ORGANIZATION = "organization";

function digest(text: string, length: number): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}

/** A RandomBytes resource's outputs: a digest of its name, the same in every run. */
export function mockRandomBytes(name: string): { hex: string; base64: string } {
  const bytes = createHash("sha256").update(`bytes:${name}`).digest();
  return { hex: bytes.toString("hex"), base64: bytes.toString("base64") };
}

/** Outputs the provider would add to the inputs, by resource type. */
/** The outputs a StackReference reads, by the referenced stack's full name (`<org>/<project>/<stack>`). */
export type StackReferences = Record<string, StackOutputs>;

/** A StackReference's state: the referenced stack's outputs and which of them are secret. */
export function stackReferenceState(
  name: string,
  references: StackReferences,
): { outputs: Record<string, unknown>; secretOutputNames: string[] } {
  const referenced = Object.hasOwn(references, name) ? references[name] : undefined;
  return { outputs: referenced?.values ?? {}, secretOutputNames: referenced?.secretNames ?? [] };
}

function computedOutputs(
  args: pulumi.runtime.MockResourceArgs,
  region: string,
  references: StackReferences,
): Record<string, unknown> {
  const { type, name } = args;
  // The program reads its own stack's previous outputs and an apps stack its platform's: none unless
  // the run is given some (a real engine answers a stack with no update the same way).
  if (type === "pulumi:pulumi:StackReference") return stackReferenceState(String(args.inputs.name), references);
  if (type === "random:index/randomBytes:RandomBytes") return mockRandomBytes(name);
  if (type === "random:index/randomPassword:RandomPassword") {
    return { result: `pw-${digest(`password:${name}`, 24)}`, bcryptHash: `$2a$10$${digest(`bcrypt:${name}`, 53)}` };
  }
  if (type.startsWith("aws:")) return { ...awsNaming(args), ...awsOutputs(args, region) };
  if (type === "docker:index/image:Image") {
    const imageName = String(args.inputs.imageName);
    const repository = imageName.replace(/:[^:/]+$/, "");
    return {
      repoDigest: `${repository}@${mockDigest(`image:${name}`)}`,
      baseImageName: imageName,
      registryServer: repository.split("/")[0],
    };
  }
  return {};
}

/** AWS's own resource ids (vpc-…, subnet-…) so renders read like a real stack's state. */
const EC2_ID_PREFIX: Record<string, string> = {
  "aws:ec2/vpc:Vpc": "vpc",
  "aws:ec2/subnet:Subnet": "subnet",
  "aws:ec2/internetGateway:InternetGateway": "igw",
  "aws:ec2/natGateway:NatGateway": "nat",
  "aws:ec2/eip:Eip": "eipalloc",
  "aws:ec2/routeTable:RouteTable": "rtb",
  "aws:ec2/vpcEndpoint:VpcEndpoint": "vpce",
  "aws:ec2/launchTemplate:LaunchTemplate": "lt",
  "aws:ec2/flowLog:FlowLog": "fl",
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": "sg",
};

function resourceId(args: pulumi.runtime.MockResourceArgs): string {
  const prefix = EC2_ID_PREFIX[args.type];
  if (prefix) return `${prefix}-${digest(`${args.type}:${args.name}`, 17)}`;
  if (args.type === "aws:s3/bucket:Bucket") return String(args.inputs.bucket);
  return `${args.name}-id`;
}

/** Pulumi auto-names AWS resources `<name>-<7 hex>` when no name is given. */
function awsNaming(args: pulumi.runtime.MockResourceArgs): Record<string, unknown> {
  return args.inputs.name === undefined ? { name: `${args.name}-${digest(`name:${args.name}`, 7)}` } : {};
}

/** ARNs in each service's real format, and the attributes the program reads from AWS resources. */
function awsOutputs(args: pulumi.runtime.MockResourceArgs, region: string): Record<string, unknown> {
  const { type, name, inputs } = args;
  const resourceName = String(inputs.name ?? awsNaming(args).name);
  const at = `${region}:${MOCK_ACCOUNT}`;
  switch (type) {
    case "aws:iam/role:Role":
      return {
        arn: `arn:aws:iam::${MOCK_ACCOUNT}:role${typeof inputs.path === "string" ? inputs.path : "/"}${resourceName}`,
        uniqueId: `AROA${digest(name, 17).toUpperCase()}`,
      };
    case "aws:iam/policy:Policy":
      // A customer managed policy's ARN carries its path (AWS IAM User Guide, "IAM identifiers").
      return { arn: `arn:aws:iam::${MOCK_ACCOUNT}:policy${String(inputs.path ?? "/")}${resourceName}` };
    case "aws:iam/openIdConnectProvider:OpenIdConnectProvider":
      return { arn: `arn:aws:iam::${MOCK_ACCOUNT}:oidc-provider/${String(inputs.url).replace(/^https:\/\//, "")}` };
    case "aws:kms/key:Key": {
      const keyId = [8, 4, 4, 4, 12].map((n, i) => digest(`${name}:${i}`, n)).join("-");
      return { arn: `arn:aws:kms:${at}:key/${keyId}`, keyId };
    }
    case "aws:cloudwatch/logGroup:LogGroup":
      return { arn: `arn:aws:logs:${at}:log-group:${resourceName}` };
    case "aws:s3/bucket:Bucket":
      return {
        arn: `arn:aws:s3:::${inputs.bucket}`,
        bucketRegionalDomainName: `${inputs.bucket}.s3.${region}.amazonaws.com`,
      };
    case "aws:ecr/repository:Repository":
      return {
        arn: `arn:aws:ecr:${at}:repository/${inputs.name}`,
        registryId: MOCK_ACCOUNT,
        repositoryUrl: `${MOCK_ACCOUNT}.dkr.ecr.${region}.amazonaws.com/${inputs.name}`,
      };
    case "aws:eks/cluster:Cluster": {
      const id = digest(`cluster:${inputs.name}`, 32).toUpperCase();
      return {
        arn: `arn:aws:eks:${at}:cluster/${inputs.name}`,
        endpoint: `https://${id}.gr7.${region}.eks.amazonaws.com`,
        certificateAuthority: {
          data: Buffer.from(`-----BEGIN CERTIFICATE-----\nmock-ca-${id}\n-----END CERTIFICATE-----\n`).toString(
            "base64",
          ),
        },
        identities: [{ oidcs: [{ issuer: `https://oidc.eks.${region}.amazonaws.com/id/${id}` }] }],
        vpcConfig: {
          ...(inputs.vpcConfig as object),
          clusterSecurityGroupId: `sg-${digest(`cluster-sg:${inputs.name}`, 17)}`,
        },
        status: "ACTIVE",
      };
    }
    case "aws:sqs/queue:Queue":
      return {
        arn: `arn:aws:sqs:${at}:${resourceName}`,
        url: `https://sqs.${region}.amazonaws.com/${MOCK_ACCOUNT}/${resourceName}`,
      };
    case "aws:ec2/launchTemplate:LaunchTemplate":
      return { arn: `arn:aws:ec2:${at}:launch-template/${resourceId(args)}`, latestVersion: 1 };
    default: {
      const service = type.split(":")[1].split("/")[0];
      return { arn: `arn:aws:${service}:${at}:${name}` };
    }
  }
}

export function mockNewResource(
  args: pulumi.runtime.MockResourceArgs,
  region: string,
  references: StackReferences = {},
): { id: string; state: Record<string, unknown> } {
  return { id: args.id || resourceId(args), state: { ...args.inputs, ...computedOutputs(args, region, references) } };
}

const DIRECTIONS: Record<string, string> = {
  north: "n",
  south: "s",
  east: "e",
  west: "w",
  central: "c",
  northeast: "ne",
  northwest: "nw",
  southeast: "se",
  southwest: "sw",
};

/** AWS's zone ids abbreviate the region: us-east-2 → use2-az1, ap-southeast-1 → apse1-az1. */
function zoneIdPrefix(region: string): string {
  const [area, direction, number] = region.split("-");
  return `${area}${DIRECTIONS[direction] ?? direction}${number}`;
}

export function mockCall(
  args: pulumi.runtime.MockCallArgs,
  region: string,
  /** Registry hosts whose lookups fail, as an unreachable registry's do. */
  unreachable: readonly string[] = [],
): Record<string, unknown> {
  switch (args.token) {
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return {
        accountId: MOCK_ACCOUNT,
        arn: `arn:aws:iam::${MOCK_ACCOUNT}:user/ci`,
        userId: "AIDAMOCK",
        id: MOCK_ACCOUNT,
      };
    case "aws:index/getPartition:getPartition":
      return { partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws", id: "aws" };
    case "aws:index/getRegion:getRegion":
      return { name: region, region, endpoint: `ec2.${region}.amazonaws.com`, id: region };
    case "aws:index/getAvailabilityZones:getAvailabilityZones":
      return {
        names: ["a", "b", "c"].map((z) => `${region}${z}`),
        zoneIds: ["1", "2", "3"].map((n) => `${zoneIdPrefix(region)}-az${n}`),
        id: region,
        state: "available",
      };
    case "aws:ecr/getAuthorizationToken:getAuthorizationToken": {
      const password = `mock-ecr-token-${digest("ecr-token", 32)}`;
      return {
        authorizationToken: Buffer.from(`AWS:${password}`).toString("base64"),
        expiresAt: "2030-01-01T12:00:00Z",
        id: region,
        password,
        proxyEndpoint: `https://${MOCK_ACCOUNT}.dkr.ecr.${region}.amazonaws.com`,
        region,
        userName: "AWS",
      };
    }
    // Registry lookups answer a stable invented digest of the reference (mock-digests.ts); a host
    // under .invalid (RFC 2606: never resolves), or one the run names unreachable, answers as an
    // unreachable registry does, with an error.
    case "aws:ecr/getImage:getImage": {
      const { repositoryName, imageTag } = args.inputs as { repositoryName: string; imageTag: string };
      return { repositoryName, imageTag, imageDigest: mockDigest(`${repositoryName}:${imageTag}`) };
    }
    case "docker:index/getRegistryImage:getRegistryImage": {
      const name = String(args.inputs.name);
      // Docker Hub's short names (`curlimages/curl`) have no host component: the first component is a
      // host only with a `.` or `:`, or as `localhost` (distribution/reference v0.6.0 normalize.go splitDockerDomain).
      const first = name.split("/")[0];
      const host = name.includes("/") && (/[.:]/.test(first) || first === "localhost") ? first : "docker.io";
      if (/\.invalid(?::\d+)?$/.test(host) || unreachable.includes(host))
        throw new Error(`Got error getting registry image digest: ${name}`);
      return { name, sha256Digest: mockDigest(name) };
    }
    default:
      throw new Error(`mock engine has no answer for invoke ${args.token}: add one to tools/harness/mock-cloud.ts`);
  }
}

/** What the mock cloud computes for a resource, so tests can name the ARN a reference resolves to. */
export function mockOutputsOf(
  type: string,
  name: string,
  inputs: Record<string, unknown> = {},
  region = MOCK_REGION,
): Record<string, unknown> {
  return computedOutputs({ type, name, inputs, provider: "", custom: true, id: "" }, region, {});
}
