/**
 * EKS managed add-ons at the versions pinned in config. Networking add-ons go in before any node boots
 * (a node without a CNI never becomes Ready); coredns and the EBS CSI driver run as Deployments and go
 * in once nodes exist. The VPC CNI and the EBS CSI driver each get their own IRSA role with the AWS
 * managed policy for their job, instead of borrowing the node role's permissions.
 */
import * as pulumi from "@pulumi/pulumi";
import { Addon } from "@pulumi/aws/eks/addon";
import type { EksClusterConfig } from "../../config/types";
import type { AddonName } from "../../config/cluster";
import type { AwsTags } from "../aws-common";
import { ServiceAccountRole } from "../iam";

export interface AddonArgs {
  clusterName: pulumi.Input<string>;
  versions: EksClusterConfig["addons"];
  oidc: { providerArn: pulumi.Input<string>; issuer: pulumi.Input<string> };
  tags: AwsTags;
}

/** Add-ons that need AWS permissions: the service account they run as and the policy they need. */
const ADDON_ROLES: Partial<Record<AddonName, { serviceAccount: string; policy: string }>> = {
  "vpc-cni": { serviceAccount: "aws-node", policy: "AmazonEKS_CNI_Policy" },
  "aws-ebs-csi-driver": { serviceAccount: "ebs-csi-controller-sa", policy: "service-role/AmazonEBSCSIDriverPolicy" },
};

/** Settings beyond the defaults: the VPC CNI enforces NetworkPolicies (apps deny ingress by default). */
const ADDON_CONFIGURATION: Partial<Record<AddonName, object>> = {
  "vpc-cni": { enableNetworkPolicy: "true" },
};

export const BEFORE_NODES: AddonName[] = ["vpc-cni", "kube-proxy", "eks-pod-identity-agent"];
export const AFTER_NODES: AddonName[] = ["coredns", "aws-ebs-csi-driver"];

function createAddon(
  name: string,
  addon: AddonName,
  args: AddonArgs,
  parent: pulumi.Resource,
  dependsOn: pulumi.Resource[],
): Addon {
  const access = ADDON_ROLES[addon];
  const role =
    access &&
    new ServiceAccountRole(
      `${name}-${addon}`,
      {
        oidc: args.oidc,
        namespace: "kube-system",
        serviceAccount: access.serviceAccount,
        managedPolicies: [access.policy],
        tags: args.tags,
      },
      { parent },
    );
  const configuration = ADDON_CONFIGURATION[addon];
  return new Addon(
    `${name}-${addon}`,
    {
      clusterName: args.clusterName,
      addonName: addon,
      addonVersion: args.versions[addon],
      serviceAccountRoleArn: role?.roleArn,
      configurationValues: configuration ? JSON.stringify(configuration) : undefined,
      // Config is the source of truth: overwrite fields someone changed by hand.
      resolveConflictsOnCreate: "OVERWRITE",
      resolveConflictsOnUpdate: "OVERWRITE",
      tags: args.tags,
    },
    { parent, dependsOn },
  );
}

export function createAddons(
  name: string,
  addons: AddonName[],
  args: AddonArgs,
  parent: pulumi.Resource,
  dependsOn: pulumi.Resource[] = [],
): Addon[] {
  return addons.map((addon) => createAddon(name, addon, args, parent, dependsOn));
}
