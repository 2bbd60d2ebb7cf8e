/**
 * A kubeconfig for an EKS cluster that holds no credentials: kubectl (and the Pulumi Kubernetes
 * provider) run `aws eks get-token` for a short-lived token with whatever AWS identity is active.
 */
import { stringify } from "yaml";

export interface KubeconfigInput {
  clusterName: string;
  endpoint: string;
  /** Base64 PEM of the cluster's certificate authority. */
  certificateAuthority: string;
  region: string;
}

export function kubeconfig(input: KubeconfigInput): string {
  const name = input.clusterName;
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name, cluster: { server: input.endpoint, "certificate-authority-data": input.certificateAuthority } }],
    contexts: [{ name, context: { cluster: name, user: name } }],
    "current-context": name,
    users: [
      {
        name,
        user: {
          exec: {
            apiVersion: "client.authentication.k8s.io/v1beta1",
            command: "aws",
            args: ["--region", input.region, "eks", "get-token", "--cluster-name", name, "--output", "json"],
            interactiveMode: "Never",
          },
        },
      },
    ],
  });
}
