/**
 * What every in-cluster component needs from the cluster, whatever built it: the Kubernetes provider
 * all Kubernetes resources use, and (on EKS) the OIDC identity that IRSA roles trust.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Provider } from "@pulumi/kubernetes/provider";

/** `eks` when Slipway built the cluster; `existing` for a kubeconfig context (no AWS identity). */
export type ClusterIdentity = EksIdentity | ExistingIdentity;

export interface EksIdentity {
  mode: "eks";
  provider: Provider;
  /** The IAM OIDC provider's ARN and its issuer host/path (no `https://`). */
  oidc: ClusterOidc;
  /** What AWS-aware platform services (node autoscalers, controllers) need. */
  eks: EksDetails;
}

interface ExistingIdentity {
  mode: "existing";
  provider: Provider;
  oidc?: undefined;
  eks?: undefined;
}

interface ClusterOidc {
  providerArn: pulumi.Output<string>;
  issuer: pulumi.Output<string>;
}

interface EksDetails {
  clusterName: pulumi.Output<string>;
  /** The API server URL (https://…). */
  endpoint: pulumi.Output<string>;
  region: pulumi.Output<string>;
  vpcId: pulumi.Output<string>;
  privateSubnetIds: pulumi.Output<string[]>;
  /** The security group EKS created for the cluster; nodes and the control plane share it. */
  clusterSecurityGroupId: pulumi.Output<string>;
  /** The managed node groups' role; new nodes (e.g. Karpenter's) may reuse it to join. */
  nodeRoleName: pulumi.Output<string>;
  nodeRoleArn: pulumi.Output<string>;
  /** The tag on the private subnets and the cluster security group that Karpenter selects by. */
  discoveryTag: { key: string; value: string };
}
