/**
 * Assembles an EKS cluster in dependency order: control plane and OIDC → access entries → networking
 * add-ons → node groups → coredns and the EBS CSI driver → the Kubernetes provider → the app stacks'
 * namespaces. The provider depends on the nodes and add-ons, so no Kubernetes object is sent before
 * the cluster can run it.
 */
import * as pulumi from "@pulumi/pulumi";
import { Tag } from "@pulumi/aws/ec2/tag";
import { getPartitionOutput } from "@pulumi/aws/getPartition";
import { getRegionOutput } from "@pulumi/aws/getRegion";
import { Provider } from "@pulumi/kubernetes/provider";
import { StorageClass } from "@pulumi/kubernetes/storage/v1";
import { podSecurityVersion } from "../../config/cluster";
import type { EksClusterConfig } from "../../config/types";
import type { AwsTags } from "../aws-common";
import type { EksIdentity } from "../cluster-identity";
import { DISCOVERY_TAG } from "../network";
import { createAccessEntries } from "./access";
import { grantedAppStacks } from "../../config/cluster-access";
import { createAppStackNamespaces } from "./app-stacks";
import { createReviewLimits } from "./review-limits";
import { AFTER_NODES, BEFORE_NODES, createAddons } from "./addons";
import { createControlPlane } from "./control-plane";
import { kubeconfig } from "./kubeconfig";
import { createNodeGroups, createNodeRole } from "./node-groups";

export interface EksArgs {
  clusterName: string;
  config: EksClusterConfig;
  network: { vpcId: pulumi.Input<string>; privateSubnetIds: pulumi.Input<string[]> };
  tags: AwsTags;
}

export interface Eks {
  identity: EksIdentity;
  endpoint: pulumi.Output<string>;
  kubeconfig: pulumi.Output<string>;
}

export function buildEks(name: string, args: EksArgs, parent: pulumi.Resource): Eks {
  const { config, clusterName, tags } = args;
  const opts = { parent };
  const partition = getPartitionOutput({}, opts).partition;
  const region = getRegionOutput({}, opts).region;
  const subnetIds = args.network.privateSubnetIds;

  const { cluster, oidc } = createControlPlane(name, { clusterName, config, subnetIds, partition, tags }, parent);
  createAccessEntries(name, { clusterName: cluster.name, access: config.access, partition, tags }, parent);
  const clusterSecurityGroupId = cluster.vpcConfig.apply((vpc) => vpc.clusterSecurityGroupId);
  // Karpenter's EC2NodeClass finds the security group for new nodes by this tag.
  new Tag(
    `${name}-security-group-discovery`,
    { resourceId: clusterSecurityGroupId, key: DISCOVERY_TAG, value: clusterName },
    opts,
  );

  const addonArgs = { clusterName: cluster.name, versions: config.addons, oidc, tags };
  const networking = createAddons(name, BEFORE_NODES, addonArgs, parent);
  const nodeRole = createNodeRole(name, clusterName, partition, tags, parent);
  const nodeGroups = createNodeGroups(
    name,
    {
      clusterName,
      cluster: { name: cluster.name, version: cluster.version },
      kubernetesVersion: config.version,
      groups: config.nodeGroups,
      subnetIds,
      nodeRole,
      tags,
      dependsOn: networking,
    },
    parent,
  );
  const workloadAddons = createAddons(name, AFTER_NODES, addonArgs, parent, nodeGroups);

  const plainKubeconfig = pulumi
    .all([cluster.name, cluster.endpoint, cluster.certificateAuthority, region])
    .apply(([clusterNameOut, endpoint, ca, regionName]) =>
      kubeconfig({ clusterName: clusterNameOut, endpoint, certificateAuthority: ca.data, region: regionName }),
    );
  const kubeconfigSecret = pulumi.secret(plainKubeconfig);
  const provider = new Provider(
    `${name}-k8s`,
    { kubeconfig: kubeconfigSecret },
    { parent, dependsOn: [...nodeGroups, ...workloadAddons] },
  );

  new StorageClass(
    `${name}-gp3`,
    {
      metadata: { name: "gp3", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
      provisioner: "ebs.csi.aws.com",
      parameters: { type: "gp3", encrypted: "true" },
      volumeBindingMode: "WaitForFirstConsumer",
      allowVolumeExpansion: true,
      reclaimPolicy: "Delete",
    },
    { parent, provider },
  );

  const namespaces = createAppStackNamespaces(
    name,
    { appStacks: grantedAppStacks(config.access), provider, podSecurityVersion: podSecurityVersion(config) },
    parent,
  );
  const { appStacks, reviewStacks } = config.access;
  createReviewLimits(name, { reviewStacks, appStacks, namespaces, provider }, parent);

  return {
    identity: {
      mode: "eks",
      provider,
      oidc,
      eks: {
        clusterName: cluster.name,
        endpoint: cluster.endpoint,
        region,
        vpcId: pulumi.output(args.network.vpcId),
        privateSubnetIds: pulumi.output(subnetIds),
        clusterSecurityGroupId,
        nodeRoleName: nodeRole.role.name,
        nodeRoleArn: nodeRole.role.arn,
        discoveryTag: { key: DISCOVERY_TAG, value: clusterName },
      },
    },
    endpoint: cluster.endpoint,
    kubeconfig: kubeconfigSecret,
  };
}
