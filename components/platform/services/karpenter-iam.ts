/**
 * The Karpenter controller's permissions, its reference policy as written (aws/karpenter-provider-aws
 * v1.8.1 website/content/en/v1.8/getting-started/getting-started-with-karpenter/cloudformation.yaml):
 * launching and terminating only instances tagged for this cluster, passing only its node role,
 * managing only its instance profiles, and reading the interruption queue. test/controller-iam.test.ts
 * proves it allows every request of the reference; KARPENTER_NARROWINGS names what it does not.
 */
import * as pulumi from "@pulumi/pulumi";
import type { IamNarrowing, PolicyStatement } from "../../iam";
import type { AwsContext } from "../common";

export function karpenterStatements(
  aws: AwsContext,
  nodeRoleArn: pulumi.Input<string>,
  queueArn: pulumi.Input<string>,
): PolicyStatement[] {
  const c = aws.clusterName;
  const arn = (service: string, resource: string) =>
    pulumi.interpolate`arn:${aws.partition}:${service}:${aws.region}:*:${resource}`;
  /** What a node launch creates: tagged when created, so the tag conditions can scope them. */
  const launchedResources = [
    "fleet/*",
    "instance/*",
    "volume/*",
    "network-interface/*",
    "launch-template/*",
    "spot-instances-request/*",
  ].map((r) => arn("ec2", r));
  const owned = { [`aws:RequestTag/kubernetes.io/cluster/${c}`]: "owned", "aws:RequestTag/eks:eks-cluster-name": c };
  const resourceOwned = { [`aws:ResourceTag/kubernetes.io/cluster/${c}`]: "owned" };
  const inRegion = { StringEquals: { "aws:RequestedRegion": aws.region } };
  return [
    {
      Sid: "LaunchFromSharedResources",
      Effect: "Allow",
      Action: ["ec2:RunInstances", "ec2:CreateFleet"],
      Resource: ["image/*", "snapshot/*", "security-group/*", "subnet/*", "capacity-reservation/*"].map((r) =>
        arn("ec2", r),
      ),
    },
    {
      Sid: "LaunchWithOwnLaunchTemplates",
      Effect: "Allow",
      Action: ["ec2:RunInstances", "ec2:CreateFleet"],
      Resource: arn("ec2", "launch-template/*"),
      Condition: { StringEquals: resourceOwned, StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" } },
    },
    {
      Sid: "CreateTaggedResources",
      Effect: "Allow",
      Action: ["ec2:RunInstances", "ec2:CreateFleet", "ec2:CreateLaunchTemplate"],
      // A launch template may target a capacity reservation (as upstream grants it).
      Resource: [...launchedResources, arn("ec2", "capacity-reservation/*")],
      Condition: { StringEquals: owned, StringLike: { "aws:RequestTag/karpenter.sh/nodepool": "*" } },
    },
    {
      Sid: "TagOnCreate",
      Effect: "Allow",
      Action: "ec2:CreateTags",
      Resource: launchedResources,
      Condition: {
        StringEquals: { ...owned, "ec2:CreateAction": ["RunInstances", "CreateFleet", "CreateLaunchTemplate"] },
        StringLike: { "aws:RequestTag/karpenter.sh/nodepool": "*" },
      },
    },
    {
      Sid: "TagOwnInstances",
      Effect: "Allow",
      Action: "ec2:CreateTags",
      Resource: arn("ec2", "instance/*"),
      Condition: {
        StringEquals: resourceOwned,
        StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" },
        "ForAllValues:StringEquals": { "aws:TagKeys": ["eks:eks-cluster-name", "karpenter.sh/nodeclaim", "Name"] },
      },
    },
    {
      Sid: "TerminateOwnInstances",
      Effect: "Allow",
      Action: ["ec2:TerminateInstances", "ec2:DeleteLaunchTemplate"],
      Resource: [arn("ec2", "instance/*"), arn("ec2", "launch-template/*")],
      Condition: { StringEquals: resourceOwned, StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" } },
    },
    {
      Sid: "ReadEc2",
      Effect: "Allow",
      Resource: "*",
      Condition: inRegion,
      Action: [
        "ec2:DescribeCapacityReservations",
        "ec2:DescribeImages",
        "ec2:DescribeInstances",
        "ec2:DescribeInstanceTypeOfferings",
        "ec2:DescribeInstanceTypes",
        "ec2:DescribeLaunchTemplates",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeSpotPriceHistory",
        "ec2:DescribeSubnets",
      ],
    },
    {
      Sid: "ReadAmiParameters",
      Effect: "Allow",
      Action: "ssm:GetParameter",
      Resource: pulumi.interpolate`arn:${aws.partition}:ssm:${aws.region}::parameter/aws/service/*`,
    },
    { Sid: "ReadPrices", Effect: "Allow", Action: "pricing:GetProducts", Resource: "*" },
    {
      Sid: "ReadInterruptions",
      Effect: "Allow",
      Action: ["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"],
      Resource: queueArn,
    },
    {
      Sid: "PassNodeRole",
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: nodeRoleArn,
      Condition: { StringEquals: { "iam:PassedToService": ["ec2.amazonaws.com", "ec2.amazonaws.com.cn"] } },
    },
    {
      Sid: "CreateInstanceProfiles",
      Effect: "Allow",
      Action: ["iam:CreateInstanceProfile", "iam:TagInstanceProfile"],
      Resource: pulumi.interpolate`arn:${aws.partition}:iam::${aws.accountId}:instance-profile/*`,
      Condition: {
        StringEquals: { ...owned, "aws:RequestTag/topology.kubernetes.io/region": aws.region },
        StringLike: { "aws:RequestTag/karpenter.k8s.aws/ec2nodeclass": "*" },
      },
    },
    {
      Sid: "ManageOwnInstanceProfiles",
      Effect: "Allow",
      Action: [
        "iam:AddRoleToInstanceProfile",
        "iam:RemoveRoleFromInstanceProfile",
        "iam:DeleteInstanceProfile",
        "iam:TagInstanceProfile",
      ],
      Resource: pulumi.interpolate`arn:${aws.partition}:iam::${aws.accountId}:instance-profile/*`,
      Condition: {
        StringEquals: { ...resourceOwned, "aws:ResourceTag/topology.kubernetes.io/region": aws.region },
        StringLike: { "aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass": "*" },
      },
    },
    {
      Sid: "ReadInstanceProfiles",
      Effect: "Allow",
      Action: "iam:GetInstanceProfile",
      Resource: pulumi.interpolate`arn:${aws.partition}:iam::${aws.accountId}:instance-profile/*`,
    },
    {
      // Unscoped as upstream grants it (AllowUnscopedInstanceProfileListAction): the controller lists its
      // profiles by path prefix (aws/karpenter-provider-aws v1.8.1 pkg/providers/instanceprofile/instanceprofile.go:213).
      Sid: "ListInstanceProfiles",
      Effect: "Allow",
      Action: "iam:ListInstanceProfiles",
      Resource: "*",
    },
    {
      Sid: "FindCluster",
      Effect: "Allow",
      Action: "eks:DescribeCluster",
      Resource: pulumi.interpolate`arn:${aws.partition}:eks:${aws.region}:${aws.accountId}:cluster/${c}`,
    },
  ];
}

/** Requests of the reference Slipway does not grant as written: none at 1.8.1. */
export const KARPENTER_NARROWINGS: IamNarrowing[] = [];
