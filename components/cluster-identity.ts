/**
 * What every in-cluster component needs from the cluster, whatever built it: the Kubernetes provider
 * all Kubernetes resources use, and (on EKS) the OIDC identity that IRSA roles trust.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Provider } from "@pulumi/kubernetes/provider";

export interface ClusterIdentity {
  /** `eks` when Slipway built the cluster; `existing` for a kubeconfig context (no AWS identity). */
  mode: "eks" | "existing";
  provider: Provider;
  /** Present in `eks` mode: the IAM OIDC provider's ARN and its issuer host/path (no `https://`). */
  oidc?: { providerArn: pulumi.Output<string>; issuer: pulumi.Output<string> };
}
