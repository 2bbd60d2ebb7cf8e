/**
 * TEMPORARY, platform branch only: until the Cluster component is merged, the program looks up an
 * existing EKS cluster named `slipway-<stack>` (its OIDC provider and VPC) and talks to it through the
 * ambient kubeconfig. At merge the lead replaces this file with the Cluster component's identity.
 */
import * as pulumi from "@pulumi/pulumi";
import { getClusterOutput } from "@pulumi/aws/eks/getCluster";
import { getOpenIdConnectProviderOutput } from "@pulumi/aws/iam/getOpenIdConnectProvider";
import { Provider } from "@pulumi/kubernetes/provider";
import type { ClusterIdentity } from "../components/cluster-identity";

export function existingEksCluster(stack: string): { identity: ClusterIdentity; name: string; vpcId: pulumi.Output<string> } {
  const name = `slipway-${stack}`;
  const cluster = getClusterOutput({ name });
  const issuerUrl = cluster.identities.apply((ids) => ids[0].oidcs[0].issuer);
  const oidcProvider = getOpenIdConnectProviderOutput({ url: issuerUrl });
  return {
    name,
    vpcId: cluster.vpcConfig.vpcId,
    identity: {
      mode: "eks",
      provider: new Provider("cluster", {}),
      oidc: { providerArn: oidcProvider.arn, issuer: issuerUrl.apply((url) => url.replace(/^https:\/\//, "")) },
    },
  };
}
