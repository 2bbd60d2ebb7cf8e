/**
 * The AWS Load Balancer Controller, which provisions the router's Network Load Balancer (IP targets)
 * from its Service annotations. Its role covers the NLB path Slipway uses: no ALB, WAF or Cognito.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PlatformConfig } from "../../../config/types";
import { FREE_FORM, type ChartPin } from "../charts";
import { NO_UPSTREAM_DIGEST, type ServiceImages } from "../image-digests";
import { type Admission, metricsAdmission, webhookAdmission } from "../namespace-policies";
import { ALB_ADDONS_OFF, loadBalancerControllerStatements } from "./load-balancer-controller-iam";
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
  // https://aws.github.io/eks-charts/index.yaml, aws-load-balancer-controller 1.14.0 (index revision: aws/eks-charts gh-pages c7f9ea560178)
  packageDigest: { version: "1.14.0", sha256: "f0c07f52c9b7cbd6ec6e806c73f37438837924cf8f6349e01dea373d47b6b8dc" },
  freeForm: {
    resources: FREE_FORM.resources,
    securityContext: FREE_FORM.containerContext,
    podSecurityContext: FREE_FORM.podContext,
    updateStrategy: FREE_FORM.strategy,
    podDisruptionBudget: FREE_FORM.budget,
    "serviceAccount.annotations": FREE_FORM.annotations,
    podAnnotations: FREE_FORM.annotations,
    podLabels: FREE_FORM.labels,
  },
} as const satisfies ChartPin;

/** The images its chart runs at the pinned version, and the digest each runs by (image-digests.ts). */
export const LOAD_BALANCER_CONTROLLER_IMAGES = {
  chart: "1.14.0",
  images: {
    // aws/eks-charts v0.0.210 (chart 1.14.0), stable/aws-load-balancer-controller/templates/deployment.yaml L213.
    controller: {
      image: "public.ecr.aws/eks/aws-load-balancer-controller",
      tag: "v2.14.0",
      key: "image.tag",
      form: "tag@digest",
      unresolved: NO_UPSTREAM_DIGEST,
    },
  },
} as const satisfies ServiceImages;

/** Who may call its namespace, on which ports (namespace-policies.ts). */
// aws/eks-charts aws-load-balancer-controller 1.14.0 values.yaml: both unset there ("default 9443",
// "default :8080" in its comments), so Slipway sets them (below).
export const LOAD_BALANCER_CONTROLLER_INGRESS: readonly Admission[] = [
  webhookAdmission(9443, "webhookBindPort"),
  metricsAdmission(8080, "metricsBindAddr"),
];

export interface LoadBalancerControllerArgs extends ServiceArgs {
  config: PlatformConfig["loadBalancerController"];
  /** Set when the VPC is known, so the controller need not ask the instance metadata service. */
  vpcId?: pulumi.Input<string>;
}

const NAMESPACE = "slipway-aws-load-balancer-controller";
const SERVICE_ACCOUNT = "aws-load-balancer-controller";

export class LoadBalancerController extends pulumi.ComponentResource {
  /** Done when the controller (and its Service webhook) is ready: LoadBalancer Services wait for it. */
  public readonly release: pulumi.Resource;

  constructor(name: string, args: LoadBalancerControllerArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("slipway:platform:LoadBalancerController", name, {}, opts);
    const aws = requireAws(args, "aws-load-balancer-controller");
    if (!aws.clusterSecurityGroupId)
      throw new Error("aws-load-balancer-controller: needs the EKS cluster security group its targets sit behind");
    const namespace = createNamespace(this, args, "aws-load-balancer-controller", NAMESPACE);
    const nodeSecurityGroupArn = pulumi.interpolate`arn:${aws.partition}:ec2:${aws.region}:${aws.accountId}:security-group/${aws.clusterSecurityGroupId}`;
    const role = irsaRole(
      this,
      args,
      "aws-load-balancer-controller",
      NAMESPACE,
      SERVICE_ACCOUNT,
      loadBalancerControllerStatements(nodeSecurityGroupArn),
    );
    // helm.v3.Release: the chart generates its webhook certificate at render time; a rendered chart would rotate it on every preview.
    this.release = helmRelease(
      "aws-load-balancer-controller",
      {
        pin: LOAD_BALANCER_CONTROLLER_CHART,
        releaseName: "aws-load-balancer-controller",
        namespace,
        extra: { service: "loadBalancerController", values: args.config.values },
        // Keys checked in aws/eks-charts v0.0.210 (chart 1.14.0), stable/aws-load-balancer-controller/values.yaml:
        // replicaCount, podDisruptionBudget, updateStrategy, resources, podSecurityContext, securityContext,
        // enableShield, enableWaf, enableWafv2.
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
          // No ALB here: the WAF and Shield addons would only call APIs the role does not grant (load-balancer-controller-iam.ts).
          ...ALB_ADDONS_OFF,
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
