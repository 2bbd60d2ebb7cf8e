/** Config builders and lookups for the AWS tests. */
import type { RenderResult } from "../../tools/harness/render-stack";
import type { ConfigObject } from "./stack";

export const ADDON_VERSIONS = {
  "vpc-cni": "v1.19.6-eksbuild.7",
  "kube-proxy": "v1.33.0-eksbuild.2",
  "eks-pod-identity-agent": "v1.3.8-eksbuild.2",
  coredns: "v1.12.1-eksbuild.2",
  "aws-ebs-csi-driver": "v1.48.0-eksbuild.1",
};

/** The smallest valid `slipway:cluster` for mode eks; spread overrides over it. */
export function eksCluster(overrides: ConfigObject = {}): ConfigObject {
  return { mode: "eks", version: "1.33", addons: ADDON_VERSIONS, ...overrides };
}

export const A = {
  vpc: "aws:ec2/vpc:Vpc",
  subnet: "aws:ec2/subnet:Subnet",
  natGateway: "aws:ec2/natGateway:NatGateway",
  eip: "aws:ec2/eip:Eip",
  routeTable: "aws:ec2/routeTable:RouteTable",
  flowLog: "aws:ec2/flowLog:FlowLog",
  tag: "aws:ec2/tag:Tag",
  launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
  cluster: "aws:eks/cluster:Cluster",
  nodeGroup: "aws:eks/nodeGroup:NodeGroup",
  addon: "aws:eks/addon:Addon",
  accessEntry: "aws:eks/accessEntry:AccessEntry",
  accessPolicy: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
  oidcProvider: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
  role: "aws:iam/role:Role",
  policy: "aws:iam/policy:Policy",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  key: "aws:kms/key:Key",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  repository: "aws:ecr/repository:Repository",
  lifecycle: "aws:ecr/lifecyclePolicy:LifecyclePolicy",
  bucket: "aws:s3/bucket:Bucket",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
  bucketLifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  image: "docker:index/image:Image",
  k8sProvider: "pulumi:providers:kubernetes",
} as const;

export function urnOf(result: RenderResult, type: string, name: string): string {
  const found = result.resources.find((r) => r.type === type && r.name === name);
  if (!found) throw new Error(`no ${type} named ${name}`);
  return found.urn;
}
