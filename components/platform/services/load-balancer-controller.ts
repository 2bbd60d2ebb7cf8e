/**
 * The AWS Load Balancer Controller, which provisions the router's Network Load Balancer (IP targets)
 * from its Service annotations. Its role covers the NLB path Slipway uses: no ALB, WAF or Cognito.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PlatformConfig } from "../../../config/types";
import type { PolicyStatement } from "../../iam";
import type { ChartPin } from "../charts";
import {
  createNamespace,
  helmRelease,
  irsaAnnotation,
  irsaRole,
  podResources,
  RESTRICTED_CONTAINER,
  RESTRICTED_POD,
  SURGE_UPDATE,
  requireAws,
  type ServiceArgs,
} from "../common";

export const LOAD_BALANCER_CONTROLLER_CHART = {
  chart: "aws-load-balancer-controller",
  version: "1.14.0",
  repo: "https://aws.github.io/eks-charts",
} as const satisfies ChartPin;

export interface LoadBalancerControllerArgs extends ServiceArgs {
  config: PlatformConfig["loadBalancerController"];
  /** Set when the VPC is known, so the controller need not ask the instance metadata service. */
  vpcId?: pulumi.Input<string>;
}

const NAMESPACE = "slipway-aws-load-balancer-controller";
const SERVICE_ACCOUNT = "aws-load-balancer-controller";
const CLUSTER_TAG = "elbv2.k8s.aws/cluster";

function loadBalancerControllerStatements(): PolicyStatement[] {
  const taggedByController = { Null: { [`aws:ResourceTag/${CLUSTER_TAG}`]: "false" } };
  return [
    {
      Sid: "CreateElbServiceLinkedRole",
      Effect: "Allow",
      Action: "iam:CreateServiceLinkedRole",
      Resource: "*",
      Condition: { StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" } },
    },
    {
      Sid: "Read",
      Effect: "Allow",
      Resource: "*",
      Action: [
        "ec2:DescribeAccountAttributes",
        "ec2:DescribeAddresses",
        "ec2:DescribeAvailabilityZones",
        "ec2:DescribeInternetGateways",
        "ec2:DescribeVpcs",
        "ec2:DescribeSubnets",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeInstances",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeTags",
        "ec2:DescribeRouteTables",
        "ec2:GetSecurityGroupsForVpc",
        "elasticloadbalancing:DescribeLoadBalancers",
        "elasticloadbalancing:DescribeLoadBalancerAttributes",
        "elasticloadbalancing:DescribeListeners",
        "elasticloadbalancing:DescribeListenerAttributes",
        "elasticloadbalancing:DescribeListenerCertificates",
        "elasticloadbalancing:DescribeSSLPolicies",
        "elasticloadbalancing:DescribeTargetGroups",
        "elasticloadbalancing:DescribeTargetGroupAttributes",
        "elasticloadbalancing:DescribeTargetHealth",
        "elasticloadbalancing:DescribeTags",
        "elasticloadbalancing:DescribeCapacityReservation",
      ],
    },
    { Sid: "CreateSecurityGroups", Effect: "Allow", Action: "ec2:CreateSecurityGroup", Resource: "*" },
    {
      Sid: "TagNewSecurityGroups",
      Effect: "Allow",
      Action: "ec2:CreateTags",
      Resource: "arn:*:ec2:*:*:security-group/*",
      Condition: {
        StringEquals: { "ec2:CreateAction": "CreateSecurityGroup" },
        Null: { [`aws:RequestTag/${CLUSTER_TAG}`]: "false" },
      },
    },
    {
      Sid: "ManageOwnSecurityGroups",
      Effect: "Allow",
      Resource: "*",
      Condition: taggedByController,
      Action: [
        "ec2:AuthorizeSecurityGroupIngress",
        "ec2:RevokeSecurityGroupIngress",
        "ec2:DeleteSecurityGroup",
        "ec2:CreateTags",
        "ec2:DeleteTags",
      ],
    },
    {
      Sid: "CreateTaggedLoadBalancers",
      Effect: "Allow",
      Action: ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"],
      Resource: "*",
      Condition: { Null: { [`aws:RequestTag/${CLUSTER_TAG}`]: "false" } },
    },
    {
      Sid: "TagOnCreate",
      Effect: "Allow",
      Action: "elasticloadbalancing:AddTags",
      Resource: [
        "arn:*:elasticloadbalancing:*:*:targetgroup/*/*",
        "arn:*:elasticloadbalancing:*:*:loadbalancer/net/*/*",
      ],
      Condition: {
        StringEquals: { "elasticloadbalancing:CreateAction": ["CreateTargetGroup", "CreateLoadBalancer"] },
        Null: { [`aws:RequestTag/${CLUSTER_TAG}`]: "false" },
      },
    },
    {
      Sid: "ManageOwnLoadBalancers",
      Effect: "Allow",
      Resource: "*",
      Condition: taggedByController,
      Action: [
        "elasticloadbalancing:ModifyLoadBalancerAttributes",
        "elasticloadbalancing:SetIpAddressType",
        "elasticloadbalancing:SetSecurityGroups",
        "elasticloadbalancing:SetSubnets",
        "elasticloadbalancing:DeleteLoadBalancer",
        "elasticloadbalancing:ModifyTargetGroup",
        "elasticloadbalancing:ModifyTargetGroupAttributes",
        "elasticloadbalancing:DeleteTargetGroup",
        "elasticloadbalancing:ModifyListenerAttributes",
        "elasticloadbalancing:AddTags",
        "elasticloadbalancing:RemoveTags",
      ],
    },
    {
      Sid: "ManageListeners",
      Effect: "Allow",
      Resource: "*",
      Action: [
        "elasticloadbalancing:CreateListener",
        "elasticloadbalancing:DeleteListener",
        "elasticloadbalancing:ModifyListener",
      ],
    },
    {
      Sid: "RegisterTargets",
      Effect: "Allow",
      Action: ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"],
      Resource: "arn:*:elasticloadbalancing:*:*:targetgroup/*/*",
    },
  ];
}

export class LoadBalancerController extends pulumi.ComponentResource {
  /** Done when the controller (and its Service webhook) is ready: LoadBalancer Services wait for it. */
  public readonly release: pulumi.Resource;

  constructor(name: string, args: LoadBalancerControllerArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("slipway:platform:LoadBalancerController", name, {}, opts);
    const aws = requireAws(args, "aws-load-balancer-controller");
    const namespace = createNamespace(this, args, "aws-load-balancer-controller", NAMESPACE);
    const role = irsaRole(
      this,
      args,
      "aws-load-balancer-controller",
      NAMESPACE,
      SERVICE_ACCOUNT,
      loadBalancerControllerStatements(),
    );
    // helm.v3.Release: the chart generates its webhook certificate at render time; a rendered chart would rotate it on every preview.
    this.release = helmRelease(
      "aws-load-balancer-controller",
      {
        pin: LOAD_BALANCER_CONTROLLER_CHART,
        releaseName: "aws-load-balancer-controller",
        namespace,
        extra: { service: "loadBalancerController", values: args.config.values },
        // Keys checked in aws/eks-charts 049a6f7 (chart 1.14.0), stable/aws-load-balancer-controller/values.yaml:
        // replicaCount, podDisruptionBudget, updateStrategy, resources, podSecurityContext, securityContext.
        // The image tag defaults to the appVersion (v2.14.0).
        values: {
          clusterName: aws.clusterName,
          region: aws.region,
          ...(args.vpcId ? { vpcId: args.vpcId } : {}),
          replicaCount: args.config.replicas,
          podDisruptionBudget: args.config.replicas >= 2 ? { maxUnavailable: 1 } : {},
          updateStrategy: SURGE_UPDATE,
          resources: podResources(args.config.resources),
          podSecurityContext: RESTRICTED_POD,
          securityContext: RESTRICTED_CONTAINER,
          serviceAccount: { create: true, name: SERVICE_ACCOUNT, annotations: irsaAnnotation(role) },
          // Slipway annotates the one Service that needs an NLB; other LoadBalancer Services are left alone.
          enableServiceMutatorWebhook: false,
          // Unset in the chart (its comments give the controller's defaults, 9443 and :8080): set, so the
          // namespace's NetworkPolicy (namespace-policies.ts) admits the ports the controller listens on.
          webhookBindPort: 9443,
          metricsBindAddr: ":8080",
        },
      },
      this,
      args,
    );
    this.registerOutputs({});
  }
}
