/**
 * The EKS-optimized AMI release nodes run unless a stack pins its own: one reviewed release for the
 * managed node groups (their `releaseVersion`) and for Karpenter's nodes (its `amiAlias`), bumped
 * together like a chart pin. Release versions per Kubernetes minor are those of awslabs/amazon-eks-ami,
 * CHANGELOG.md at tag v20260724, "AMI Release v20260714" (the AL2023 tables' "Release version").
 */
export const EKS_AMI_RELEASE = "v20260714";

export const NODE_GROUP_RELEASE_VERSIONS: Readonly<Record<string, string>> = {
  "1.30": "1.30.14-20260714",
  "1.31": "1.31.14-20260714",
  "1.32": "1.32.13-20260714",
  "1.33": "1.33.13-20260714",
  "1.34": "1.34.9-20260714",
  "1.35": "1.35.6-20260714",
  "1.36": "1.36.2-20260714",
};

/** What a managed node group runs: its own pin, else the reviewed release for the cluster's minor. */
export function nodeGroupReleaseVersion(pinned: string | undefined, kubernetesVersion: string): string | undefined {
  return (
    pinned ??
    (Object.hasOwn(NODE_GROUP_RELEASE_VERSIONS, kubernetesVersion)
      ? NODE_GROUP_RELEASE_VERSIONS[kubernetesVersion]
      : undefined)
  );
}
