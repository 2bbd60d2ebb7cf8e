/**
 * The AWS Load Balancer Controller's permissions: its reference policy
 * (kubernetes-sigs/aws-load-balancer-controller v2.14.0 docs/install/iam_policy.json) for the path
 * Slipway uses, an NLB with IP targets from one annotated Service, and a named narrowing for each
 * request of the reference that Slipway does not grant as written. test/controller-iam.test.ts proves
 * the statements plus the narrowings cover every request of the reference at the pinned version.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { IamNarrowing, PolicyStatement } from "../../iam";

const CLUSTER_TAG = "elbv2.k8s.aws/cluster";
const LBC = "kubernetes-sigs/aws-load-balancer-controller v2.14.0";

/** `nodeSecurityGroupArn`: the EKS cluster security group, the one every node (and so every pod ENI) carries. */
export function loadBalancerControllerStatements(nodeSecurityGroupArn: pulumi.Input<string>): PolicyStatement[] {
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
        // Every listener's rules are listed on each reconcile, an NLB's too (pkg/deploy/elbv2/listener_rule_synthesizer.go:133).
        "elasticloadbalancing:DescribeRules",
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
      // The NLB's traffic reaches the pods through the security group of their ENI, which the
      // controller opens to the NLB (pkg/networking/networking_manager.go:544, security_group_manager.go:129).
      Sid: "OpenNodeSecurityGroupToLoadBalancer",
      Effect: "Allow",
      Action: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"],
      Resource: nodeSecurityGroupArn,
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
      // Listeners are created with their tags and re-tagged on update: ListenerRulesTagging is on by
      // default (pkg/config/feature_gates.go:58; pkg/deploy/elbv2/listener_manager.go:89, 161).
      Sid: "TagListeners",
      Effect: "Allow",
      Action: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
      Resource: [
        "arn:*:elasticloadbalancing:*:*:listener/net/*/*/*",
        "arn:*:elasticloadbalancing:*:*:listener-rule/net/*/*/*",
      ],
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

/** The chart values that switch off what the narrowings below rely on being off. */
export const ALB_ADDONS_OFF = { enableShield: false, enableWaf: false, enableWafv2: false } as const;

/**
 * What the reference grants and Slipway does not, each with why the controller never needs it here.
 * Resources are written as the reference writes them. Slipway's stacks hold one NLB Service and no
 * Ingress; the Gateway API controllers are off by default (NLBGatewayAPI, ALBGatewayAPI:
 * pkg/config/feature_gates.go:71-72), so no stack has listener rules: only the Ingress and Gateway
 * model builders make them (pkg/ingress/model_build_listener_rules.go:67, pkg/gateway/model/model_build_listener.go:285).
 */
export const LOAD_BALANCER_CONTROLLER_NARROWINGS: IamNarrowing[] = [
  {
    actions: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"],
    resources: ["*"],
    grantedBy: "OpenNodeSecurityGroupToLoadBalancer",
    why:
      "The controller changes ingress only on groups it created (tagged, ManageOwnSecurityGroups) and on the " +
      "security group of each target pod's ENI. Slipway's nodes carry exactly one, the EKS cluster security " +
      "group (managed node groups' launch templates set none; Karpenter selects it by its discovery tag).",
    source: `${LBC} pkg/networking/networking_manager.go:544`,
  },
  {
    actions: [
      "ec2:DescribeVpcPeeringConnections",
      "ec2:GetCoipPoolUsage",
      "ec2:DescribeCoipPools",
      "ec2:DescribeIpamPools",
      "cognito-idp:DescribeUserPoolClient",
      "iam:ListServerCertificates",
      "iam:GetServerCertificate",
      "elasticloadbalancing:SetWebAcl",
    ],
    resources: ["*"],
    why:
      "No client of the controller makes these calls at this version: the EC2 and ELBv2 interfaces list none of " +
      "them, and pkg/aws/services/ has no IAM or Cognito client.",
    source: `${LBC} pkg/aws/services/ec2.go:14`,
  },
  {
    actions: ["acm:ListCertificates", "acm:DescribeCertificate"],
    resources: ["*"],
    why: "Certificate discovery serves Ingress and Gateway listeners only; the Service's NLB listeners are TCP.",
    source: `${LBC} pkg/ingress/model_builder.go:61`,
  },
  {
    actions: [
      "waf-regional:GetWebACL",
      "waf-regional:GetWebACLForResource",
      "waf-regional:AssociateWebACL",
      "waf-regional:DisassociateWebACL",
      "wafv2:GetWebACL",
      "wafv2:GetWebACLForResource",
      "wafv2:AssociateWebACL",
      "wafv2:DisassociateWebACL",
      "shield:GetSubscriptionState",
      "shield:DescribeProtection",
      "shield:CreateProtection",
      "shield:DeleteProtection",
    ],
    resources: ["*"],
    why:
      "The WAF, WAFv2 and Shield synthesizers run only when their addon is on; Slipway sets enableShield, " +
      "enableWaf and enableWafv2 to false (ALB_ADDONS_OFF), which the chart passes as --enable-shield=false etc. " +
      "(aws/eks-charts v0.0.210 stable/aws-load-balancer-controller/templates/deployment.yaml:91).",
    source: `${LBC} pkg/deploy/stack_deployer.go:136`,
  },
  {
    actions: ["elasticloadbalancing:DescribeTrustStores"],
    resources: ["*"],
    why: "Trust stores are ALB mutual TLS; only ALB listener code looks them up.",
    source: `${LBC} pkg/shared_utils/alb_listener_utils.go:57`,
  },
  {
    actions: [
      "elasticloadbalancing:CreateRule",
      "elasticloadbalancing:DeleteRule",
      "elasticloadbalancing:ModifyRule",
      "elasticloadbalancing:SetRulePriorities",
    ],
    resources: ["*"],
    why: "Rules are created, changed and reordered only for a stack's ListenerRule resources, and no Slipway stack has one.",
    source: `${LBC} pkg/deploy/elbv2/listener_rule_manager.go:62`,
  },
  {
    actions: ["elasticloadbalancing:AddListenerCertificates", "elasticloadbalancing:RemoveListenerCertificates"],
    resources: ["*"],
    why: "Extra certificates are reconciled only on listeners with an SSL policy; the NLB's listeners are TCP.",
    source: `${LBC} pkg/deploy/elbv2/listener_manager.go:203`,
  },
  {
    actions: ["elasticloadbalancing:ModifyCapacityReservation"],
    resources: ["*"],
    why: "Called only when the Service asks for a minimum capacity by annotation, which Slipway never sets.",
    source: `${LBC} pkg/deploy/elbv2/load_balancer_capacity_reservation_reconciler.go:41`,
  },
  {
    actions: ["elasticloadbalancing:ModifyIpPools"],
    resources: ["*"],
    why: "IPAM pools come from an Ingress annotation only (ipam-ipv4-pool-id); without one no pool is added or removed.",
    source: `${LBC} pkg/deploy/elbv2/load_balancer_manager.go:291`,
  },
  {
    actions: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
    resources: [
      "arn:aws:elasticloadbalancing:*:*:listener/app/*/*/*",
      "arn:aws:elasticloadbalancing:*:*:listener-rule/app/*/*/*",
    ],
    why: "Application Load Balancers come from Ingresses and ALB Gateways only; Slipway makes neither.",
    source: `${LBC} pkg/ingress/model_builder.go:61`,
  },
  {
    actions: ["elasticloadbalancing:AddTags"],
    resources: ["arn:aws:elasticloadbalancing:*:*:loadbalancer/app/*/*"],
    why: "Tag-on-create for an Application Load Balancer: Slipway creates none (only Ingresses and ALB Gateways do).",
    source: `${LBC} pkg/ingress/model_builder.go:61`,
  },
];
