/**
 * Managed node groups from config. Every group launches through a launch template that requires
 * IMDSv2 with hop limit 1 (the node itself reaches instance metadata; a pod behind the node's network
 * namespace does not, so it cannot take the node role's credentials) and encrypts the root volume.
 * Controllers that used metadata for their region get it in their chart values instead; the EBS CSI
 * driver needs nothing, it falls back to the Kubernetes API when IMDS does not answer
 * (kubernetes-sigs/aws-ebs-csi-driver v1.48.0 pkg/cloud/metadata/metadata.go:52, DefaultMetadataSources). Nodes run Amazon Linux 2023 in the private subnets under one node
 * role whose AWS managed policies are attached explicitly.
 */
import * as pulumi from "@pulumi/pulumi";
import { LaunchTemplate } from "@pulumi/aws/ec2/launchTemplate";
import { NodeGroup } from "@pulumi/aws/eks/nodeGroup";
import { Role } from "@pulumi/aws/iam/role";
import { RolePolicyAttachment } from "@pulumi/aws/iam/rolePolicyAttachment";
import { nodeGroupReleaseVersion } from "../../config/eks-ami";
import type { NodeGroupConfig } from "../../config/types";
import { managedPolicyArn, serviceTrustPolicy, type AwsTags } from "../aws-common";

/**
 * Join the cluster, pull images from ECR, and be reachable through SSM Session Manager (no SSH keys).
 * The VPC CNI's permissions are not here: the vpc-cni add-on has its own IRSA role.
 */
const NODE_POLICIES = [
  "AmazonEKSWorkerNodePolicy",
  "AmazonEC2ContainerRegistryPullOnly",
  "AmazonSSMManagedInstanceCore",
];

const AMI_TYPES = { amd64: "AL2023_x86_64_STANDARD", arm64: "AL2023_ARM_64_STANDARD" } as const;
const CAPACITY_TYPES = { "on-demand": "ON_DEMAND", spot: "SPOT" } as const;
const TAINT_EFFECTS = {
  NoSchedule: "NO_SCHEDULE",
  PreferNoSchedule: "PREFER_NO_SCHEDULE",
  NoExecute: "NO_EXECUTE",
} as const;

/** Amazon Linux 2023 boots from this device; the launch template resizes and encrypts it. */
const ROOT_DEVICE = "/dev/xvda";

export interface NodeRole {
  role: Role;
  attachments: RolePolicyAttachment[];
}

export function createNodeRole(
  name: string,
  clusterName: string,
  partition: pulumi.Input<string>,
  tags: AwsTags,
  parent: pulumi.Resource,
): NodeRole {
  const role = new Role(
    `${name}-nodes`,
    {
      description: `Worker nodes of EKS cluster ${clusterName}`,
      assumeRolePolicy: serviceTrustPolicy(["ec2.amazonaws.com"]),
      tags,
    },
    { parent },
  );
  const attachments = NODE_POLICIES.map(
    (policy) =>
      new RolePolicyAttachment(
        `${name}-nodes-${policy}`,
        {
          role: role.name,
          policyArn: managedPolicyArn(partition, policy),
        },
        { parent },
      ),
  );
  return { role, attachments };
}

export interface NodeGroupsArgs {
  clusterName: string;
  /** The cluster's outputs, so node groups follow the control plane's name and version. */
  cluster: { name: pulumi.Input<string>; version: pulumi.Input<string> };
  /** The configured minor (slipway:cluster.version): it chooses each group's default AMI release. */
  kubernetesVersion: string;
  groups: Record<string, NodeGroupConfig>;
  subnetIds: pulumi.Input<string[]>;
  nodeRole: NodeRole;
  tags: AwsTags;
  /** What must exist before nodes boot: the CNI, kube-proxy and the pod identity agent. */
  dependsOn: pulumi.Resource[];
}

function launchTemplate(
  name: string,
  clusterName: string,
  group: string,
  config: NodeGroupConfig,
  tags: AwsTags,
  parent: pulumi.Resource,
): LaunchTemplate {
  const nodeTags = { ...tags, Name: `${clusterName}-${group}` };
  return new LaunchTemplate(
    `${name}-${group}`,
    {
      description: `Nodes of ${clusterName}/${group}: IMDSv2 only (hop limit 1), encrypted root volume`,
      metadataOptions: {
        httpEndpoint: "enabled",
        httpTokens: "required",
        httpPutResponseHopLimit: 1,
        instanceMetadataTags: "disabled",
      },
      blockDeviceMappings: [
        {
          deviceName: ROOT_DEVICE,
          ebs: { volumeSize: config.diskSizeGiB, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" },
        },
      ],
      tagSpecifications: [
        { resourceType: "instance", tags: nodeTags },
        { resourceType: "volume", tags: nodeTags },
      ],
      updateDefaultVersion: true,
      tags,
    },
    { parent },
  );
}

export function createNodeGroups(name: string, args: NodeGroupsArgs, parent: pulumi.Resource): NodeGroup[] {
  return Object.keys(args.groups)
    .sort()
    .map((group) => {
      const config = args.groups[group];
      const template = launchTemplate(name, args.clusterName, group, config, args.tags, parent);
      return new NodeGroup(
        `${name}-${group}`,
        {
          clusterName: args.cluster.name,
          version: args.cluster.version,
          nodeRoleArn: args.nodeRole.role.arn,
          subnetIds: args.subnetIds,
          amiType: AMI_TYPES[config.arch],
          // Pinned, so nodes change only with a reviewed release (the config check refuses a version without one).
          releaseVersion: nodeGroupReleaseVersion(config.releaseVersion, args.kubernetesVersion),
          capacityType: CAPACITY_TYPES[config.capacityType],
          instanceTypes: config.instanceTypes,
          scalingConfig: { minSize: config.min, desiredSize: config.desired, maxSize: config.max },
          updateConfig: { maxUnavailable: 1 },
          labels: { ...config.labels, "slipway.dev/node-group": group },
          taints: config.taints.map((t) => ({ key: t.key, value: t.value, effect: TAINT_EFFECTS[t.effect] })),
          launchTemplate: { id: template.id, version: template.latestVersion.apply(String) },
          nodeRepairConfig: { enabled: true },
          tags: args.tags,
        },
        {
          parent,
          dependsOn: [...args.nodeRole.attachments, ...args.dependsOn],
          // After creation a node autoscaler owns the group's size; `desired` is only the starting point.
          ignoreChanges: ["scalingConfig.desiredSize"],
        },
      );
    });
}
