/**
 * Node autoscaling with Cluster Autoscaler (the alternative to Karpenter, never both): it resizes the
 * cluster's tagged Auto Scaling groups, and may change only those tagged as owned by this cluster.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PlatformConfig } from "../../../config/types";
import type { ActionSources, PolicyStatement } from "../../iam";
import { FREE_FORM, type ChartPin } from "../charts";
import { NO_UPSTREAM_DIGEST, type ServiceImages } from "../image-digests";
import { type Admission, metricsAdmission } from "../namespace-policies";
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
  // https://kubernetes.github.io/autoscaler/index.yaml, cluster-autoscaler 9.50.1 (index revision: kubernetes/autoscaler gh-pages be36214bc8a1)
  packageDigest: { version: "9.50.1", sha256: "ad4cfec95e23f4378342c86560c0eb25e5aa9a39d0b59d077a35c09f012ba053" },
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

/** The images its chart runs at the pinned version, and the digest each runs by (image-digests.ts). */
export const CLUSTER_AUTOSCALER_IMAGES = {
  chart: "9.50.1",
  images: {
    // kubernetes/autoscaler cluster-autoscaler-chart-9.50.1, charts/cluster-autoscaler/templates/deployment.yaml L59.
    clusterAutoscaler: {
      image: "registry.k8s.io/autoscaling/cluster-autoscaler",
      tag: "v1.33.0",
      key: "image.tag",
      form: "tag@digest",
      unresolved: NO_UPSTREAM_DIGEST,
    },
  },
} as const satisfies ServiceImages;

/** Who may call its namespace, on which ports (namespace-policies.ts). */
// kubernetes/autoscaler cluster-autoscaler-chart-9.50.1 charts/cluster-autoscaler/values.yaml
export const CLUSTER_AUTOSCALER_INGRESS: readonly Admission[] = [metricsAdmission(8085, "service.servicePort")];

export interface ClusterAutoscalerArgs extends ServiceArgs {
  config: PlatformConfig["clusterAutoscaler"];
}

const NAMESPACE = "slipway-cluster-autoscaler";
const SERVICE_ACCOUNT = "cluster-autoscaler";

const AWS_PROVIDER = "kubernetes/autoscaler cluster-autoscaler-1.33.0 cluster-autoscaler/cloudprovider/aws";

/**
 * What the AWS cloud provider calls at the chart's appVersion (1.33.0). Its SDK interfaces list every
 * call it makes (aws_wrapper.go:33-51): DescribeAutoScalingInstances and autoscaling:DescribeTags are not among them.
 */
export const CLUSTER_AUTOSCALER_ACTION_SOURCES: ActionSources = {
  "autoscaling:SetDesiredCapacity": `${AWS_PROVIDER}/auto_scaling_groups.go:269`,
  "autoscaling:TerminateInstanceInAutoScalingGroup": `${AWS_PROVIDER}/auto_scaling_groups.go:373`,
  "autoscaling:DescribeAutoScalingGroups": `${AWS_PROVIDER}/aws_wrapper.go:223`,
  "autoscaling:DescribeLaunchConfigurations": `${AWS_PROVIDER}/aws_wrapper.go:151`,
  "autoscaling:DescribeScalingActivities": `${AWS_PROVIDER}/auto_scaling_groups.go:538`,
  "ec2:DescribeImages": `${AWS_PROVIDER}/aws_wrapper.go:313`,
  // At start-up, unless --aws-use-static-instance-list (aws_cloud_provider.go:436).
  "ec2:DescribeInstanceTypes": `${AWS_PROVIDER}/aws_util.go:40`,
  "ec2:DescribeLaunchTemplateVersions": `${AWS_PROVIDER}/aws_wrapper.go:292`,
  "ec2:GetInstanceTypesFromInstanceRequirements": `${AWS_PROVIDER}/aws_wrapper.go:334`,
  "eks:DescribeNodegroup": `${AWS_PROVIDER}/aws_wrapper.go:66`,
};

export function clusterAutoscalerStatements(clusterName: string): PolicyStatement[] {
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
        "autoscaling:DescribeLaunchConfigurations",
        "autoscaling:DescribeScalingActivities",
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
