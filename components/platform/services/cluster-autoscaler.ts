/**
 * Node autoscaling with Cluster Autoscaler (the alternative to Karpenter, never both): it resizes the
 * cluster's tagged Auto Scaling groups, and may change only those tagged as owned by this cluster.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PlatformConfig } from "../../../config/types";
import type { PolicyStatement } from "../../iam";
import { FREE_FORM, type ChartPin } from "../charts";
import {
  createNamespace,
  helmChart,
  irsaAnnotation,
  irsaRole,
  podResources,
  RESTRICTED_CONTAINER,
  RESTRICTED_POD,
  SURGE_UPDATE,
  requireAws,
  type ServiceArgs,
} from "../common";

export const CLUSTER_AUTOSCALER_CHART = {
  chart: "cluster-autoscaler",
  version: "9.50.1",
  repo: "https://kubernetes.github.io/autoscaler",
  freeForm: {
    resources: FREE_FORM.resources,
    containerSecurityContext: FREE_FORM.containerContext,
    securityContext: FREE_FORM.podContext,
    podAnnotations: FREE_FORM.annotations,
    podLabels: FREE_FORM.labels,
    "rbac.serviceAccount.annotations": FREE_FORM.annotations,
    updateStrategy: FREE_FORM.strategy,
    // values.yaml L203-215: each key is a cluster-autoscaler flag; values.yaml lists three and shows more commented out.
    extraArgs: "the controller's command-line flags, one key per flag name",
  },
} as const satisfies ChartPin;

export interface ClusterAutoscalerArgs extends ServiceArgs {
  config: PlatformConfig["clusterAutoscaler"];
}

const NAMESPACE = "slipway-cluster-autoscaler";
const SERVICE_ACCOUNT = "cluster-autoscaler";

function clusterAutoscalerStatements(clusterName: string): PolicyStatement[] {
  return [
    {
      Sid: "ResizeOwnGroups",
      Effect: "Allow",
      Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
      Resource: "*",
      Condition: { StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`]: "owned" } },
    },
    {
      Sid: "ReadGroups",
      Effect: "Allow",
      Resource: "*",
      Action: [
        "autoscaling:DescribeAutoScalingGroups",
        "autoscaling:DescribeAutoScalingInstances",
        "autoscaling:DescribeLaunchConfigurations",
        "autoscaling:DescribeScalingActivities",
        "autoscaling:DescribeTags",
        "ec2:DescribeImages",
        "ec2:DescribeInstanceTypes",
        "ec2:DescribeLaunchTemplateVersions",
        "ec2:GetInstanceTypesFromInstanceRequirements",
        "eks:DescribeNodegroup",
      ],
    },
  ];
}

export class ClusterAutoscaler extends pulumi.ComponentResource {
  constructor(name: string, args: ClusterAutoscalerArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("slipway:platform:ClusterAutoscaler", name, {}, opts);
    const aws = requireAws(args, "cluster-autoscaler");
    const namespace = createNamespace(this, args, "cluster-autoscaler", NAMESPACE);
    const role = irsaRole(
      this,
      args,
      "cluster-autoscaler",
      NAMESPACE,
      SERVICE_ACCOUNT,
      clusterAutoscalerStatements(aws.clusterName),
    );
    // helm.v4.Chart: a Deployment and RBAC without hooks, each visible to previews and policies.
    helmChart(
      "cluster-autoscaler",
      {
        pin: CLUSTER_AUTOSCALER_CHART,
        releaseName: "cluster-autoscaler",
        namespace,
        extra: { service: "clusterAutoscaler", values: args.config.values },
        // Keys checked in kubernetes/autoscaler cluster-autoscaler-chart-9.50.1,
        // charts/cluster-autoscaler/values.yaml: replicaCount, podDisruptionBudget, updateStrategy,
        // resources, securityContext (the pod's) and containerSecurityContext, both empty by default, so the
        // user is set here (65534, as the chart's comment suggests). image.tag is pinned there (v1.33.0).
        values: {
          autoDiscovery: { clusterName: aws.clusterName },
          awsRegion: aws.region,
          replicaCount: args.config.replicas,
          podDisruptionBudget: { maxUnavailable: 1 },
          updateStrategy: SURGE_UPDATE,
          resources: podResources(args.config.resources),
          securityContext: { ...RESTRICTED_POD, runAsUser: 65534, runAsGroup: 65534 },
          containerSecurityContext: RESTRICTED_CONTAINER,
          rbac: { serviceAccount: { create: true, name: SERVICE_ACCOUNT, annotations: irsaAnnotation(role) } },
          extraArgs: { "balance-similar-node-groups": true, expander: "least-waste" },
        },
      },
      this,
      args,
    );
    this.registerOutputs({});
  }
}
