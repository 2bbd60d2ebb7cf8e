/**
 * Cluster access for people and pipelines (authentication mode API): an access entry per IAM principal
 * from config, associated with the EKS cluster-admin or view access policy, cluster-wide.
 */
import * as pulumi from "@pulumi/pulumi";
import { AccessEntry } from "@pulumi/aws/eks/accessEntry";
import { AccessPolicyAssociation } from "@pulumi/aws/eks/accessPolicyAssociation";
import { contentHash } from "../../config/content-hash";

const ACCESS_POLICIES = { admins: "AmazonEKSClusterAdminPolicy", viewers: "AmazonEKSViewPolicy" } as const;

export interface AccessArgs {
  clusterName: pulumi.Input<string>;
  access: { admins: string[]; viewers: string[] };
  partition: pulumi.Input<string>;
  tags: Record<string, string>;
}

/** A stable resource name per principal: its name plus a digest of the full ARN (names repeat across accounts). */
function principalKey(arn: string): string {
  return `${arn
    .split("/")
    .pop()!
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "-")}-${contentHash(arn).slice(0, 6)}`;
}

export function createAccessEntries(name: string, args: AccessArgs, parent: pulumi.Resource): void {
  for (const level of ["admins", "viewers"] as const) {
    for (const principalArn of args.access[level]) {
      const key = `${name}-${level === "admins" ? "admin" : "viewer"}-${principalKey(principalArn)}`;
      const entry = new AccessEntry(
        key,
        { clusterName: args.clusterName, principalArn, type: "STANDARD", tags: args.tags },
        { parent },
      );
      new AccessPolicyAssociation(
        key,
        {
          clusterName: args.clusterName,
          principalArn,
          policyArn: pulumi.interpolate`arn:${args.partition}:eks::aws:cluster-access-policy/${ACCESS_POLICIES[level]}`,
          accessScope: { type: "cluster" },
        },
        { parent, dependsOn: [entry] },
      );
    }
  }
}
