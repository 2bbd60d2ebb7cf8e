/**
 * Cluster access for people and pipelines (authentication mode API): an access entry per IAM principal
 * from config. Admins, viewers and drift checkers get an EKS access policy, cluster-wide; an app
 * stack's deploy role gets a Kubernetes group instead, which app-stacks.ts binds in its namespaces only.
 */
import * as pulumi from "@pulumi/pulumi";
import { AccessEntry } from "@pulumi/aws/eks/accessEntry";
import { AccessPolicyAssociation } from "@pulumi/aws/eks/accessPolicyAssociation";
import { grantedAppStacks, type ClusterAccess } from "../../config/cluster-access";
import { contentHash } from "../../config/content-hash";
import { appStackGroup } from "./app-stacks";

/**
 * AWS EKS User Guide, "Review access policy permissions" (awsdocs/amazon-eks-user-guide,
 * latest/ug/manage-access/k8s-access/access-policy-reference.adoc): AmazonEKSViewPolicy reads most
 * objects but not Secrets; AmazonEKSAdminViewPolicy is get/list/watch on every resource, Secrets
 * included, which is what `pulumi preview --refresh` reads and no more.
 */
const ACCESS_POLICIES = {
  admins: { policy: "AmazonEKSClusterAdminPolicy", key: "admin" },
  viewers: { policy: "AmazonEKSViewPolicy", key: "viewer" },
  driftCheckers: { policy: "AmazonEKSAdminViewPolicy", key: "drift" },
} as const;

export interface AccessArgs {
  clusterName: pulumi.Input<string>;
  access: ClusterAccess;
  partition: pulumi.Input<string>;
  tags: Record<string, string>;
}

/** A stable resource name per principal: its name plus a digest of the full ARN (names repeat across accounts). */
function principalKey(arn: string): string {
  return `${arn
    .slice(arn.lastIndexOf("/") + 1)
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "-")}-${contentHash(arn).slice(0, 6)}`;
}

export function createAccessEntries(name: string, args: AccessArgs, parent: pulumi.Resource): void {
  for (const level of ["admins", "viewers", "driftCheckers"] as const) {
    const { policy, key: levelKey } = ACCESS_POLICIES[level];
    for (const principalArn of args.access[level]) {
      const key = `${name}-${levelKey}-${principalKey(principalArn)}`;
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
          policyArn: pulumi.interpolate`arn:${args.partition}:eks::aws:cluster-access-policy/${policy}`,
          accessScope: { type: "cluster" },
        },
        { parent, dependsOn: [entry] },
      );
    }
  }
  // Named after the app stack, which config keeps unique; a new role for the stack replaces the entry.
  for (const [stack, { roleArn }] of Object.entries(grantedAppStacks(args.access))) {
    new AccessEntry(
      `${name}-app-stack-${stack}`,
      {
        clusterName: args.clusterName,
        principalArn: roleArn,
        type: "STANDARD",
        kubernetesGroups: [appStackGroup(stack)],
        tags: args.tags,
      },
      { parent },
    );
  }
}
