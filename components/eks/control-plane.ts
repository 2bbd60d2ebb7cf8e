/**
 * The EKS control plane: its IAM role, a KMS key (rotation on) for envelope encryption of Kubernetes
 * Secrets, a log group with a retention period for the control-plane logs, the cluster itself
 * (private endpoint on, public endpoint only for configured CIDRs, authentication mode API), and the
 * IAM OIDC provider that IRSA roles trust.
 */
import * as pulumi from "@pulumi/pulumi";
import { LogGroup } from "@pulumi/aws/cloudwatch/logGroup";
import { Cluster } from "@pulumi/aws/eks/cluster";
import { OpenIdConnectProvider } from "@pulumi/aws/iam/openIdConnectProvider";
import { Role } from "@pulumi/aws/iam/role";
import { RolePolicy } from "@pulumi/aws/iam/rolePolicy";
import { RolePolicyAttachment } from "@pulumi/aws/iam/rolePolicyAttachment";
import { Alias } from "@pulumi/aws/kms/alias";
import { Key } from "@pulumi/aws/kms/key";
import type { EksClusterConfig } from "../../config/types";
import { dataSafety, managedPolicyArn, serviceTrustPolicy, type AwsTags } from "../aws-common";

export interface ControlPlaneArgs {
  clusterName: string;
  config: EksClusterConfig;
  /** Private subnets: the control plane's network interfaces go there. */
  subnetIds: pulumi.Input<string[]>;
  partition: pulumi.Input<string>;
  tags: AwsTags;
}

export interface ControlPlane {
  cluster: Cluster;
  /** IRSA: the OIDC provider's ARN and the issuer without `https://`. */
  oidc: { providerArn: pulumi.Output<string>; issuer: pulumi.Output<string> };
}

/** What the control-plane role needs on the secrets key to encrypt and decrypt Secrets. */
const SECRETS_KEY_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"];

export function createControlPlane(name: string, args: ControlPlaneArgs, parent: pulumi.Resource): ControlPlane {
  const { config, clusterName, tags } = args;
  const opts = { parent };
  const safety = dataSafety(config.protect, false);

  const role = new Role(
    `${name}-control-plane`,
    {
      description: `EKS control plane of ${clusterName}`,
      assumeRolePolicy: serviceTrustPolicy(["eks.amazonaws.com"], ["sts:AssumeRole", "sts:TagSession"]),
      tags,
    },
    opts,
  );
  const clusterPolicy = new RolePolicyAttachment(
    `${name}-control-plane-AmazonEKSClusterPolicy`,
    {
      role: role.name,
      policyArn: managedPolicyArn(args.partition, "AmazonEKSClusterPolicy"),
    },
    opts,
  );

  const key = new Key(
    `${name}-secrets`,
    {
      description: `Envelope encryption of Kubernetes Secrets in EKS cluster ${clusterName}`,
      enableKeyRotation: true,
      deletionWindowInDays: config.protect ? 30 : 7,
      tags,
    },
    { ...opts, ...safety },
  );
  new Alias(`${name}-secrets`, { name: `alias/${clusterName}-secrets`, targetKeyId: key.keyId }, opts);
  const keyAccess = new RolePolicy(
    `${name}-control-plane-secrets-key`,
    {
      role: role.name,
      policy: key.arn.apply((arn) =>
        JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: SECRETS_KEY_ACTIONS, Resource: arn }],
        }),
      ),
    },
    opts,
  );

  // EKS creates this group on first log line with no expiry; owning it first sets the retention.
  const logs = new LogGroup(
    `${name}-control-plane`,
    {
      name: `/aws/eks/${clusterName}/cluster`,
      retentionInDays: config.logRetentionDays,
      tags,
    },
    opts,
  );

  const publicCidrs = config.endpoint.publicAccessCidrs;
  const cluster = new Cluster(
    name,
    {
      name: clusterName,
      version: config.version,
      roleArn: role.arn,
      vpcConfig: {
        subnetIds: args.subnetIds,
        endpointPrivateAccess: true,
        endpointPublicAccess: publicCidrs.length > 0,
        publicAccessCidrs: publicCidrs.length > 0 ? publicCidrs : undefined,
      },
      accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true },
      encryptionConfig: { provider: { keyArn: key.arn }, resources: ["secrets"] },
      enabledClusterLogTypes: config.logTypes,
      // Slipway installs vpc-cni, kube-proxy and coredns as managed add-ons with pinned versions instead.
      bootstrapSelfManagedAddons: false,
      upgradePolicy: { supportType: config.upgradeSupport === "extended" ? "EXTENDED" : "STANDARD" },
      deletionProtection: config.protect,
      tags,
    },
    { ...opts, ...safety, dependsOn: [clusterPolicy, keyAccess, logs] },
  );

  const issuerUrl = cluster.identities.apply((identities) => identities[0].oidcs[0].issuer);
  const provider = new OpenIdConnectProvider(
    `${name}-oidc`,
    { url: issuerUrl, clientIdLists: ["sts.amazonaws.com"], tags },
    opts,
  );
  return {
    cluster,
    oidc: { providerArn: provider.arn, issuer: issuerUrl.apply((url) => url.replace(/^https:\/\//, "")) },
  };
}
