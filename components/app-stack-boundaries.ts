/**
 * The permissions boundary of each apps stack, a managed policy the platform stack owns: the most
 * any role the apps stack creates may ever do, whatever policies it attaches (AWS IAM User Guide,
 * "Permissions boundaries for IAM entities": the effective permissions are the intersection of the
 * identity-based policies and the boundary). It allows read and write on the stack's granted buckets
 * (and their KMS key through S3) and nothing else. The deploy role may create and change roles only
 * with it attached (docs/deploy-role-policy.json), so a team cannot mint an administrator.
 */
import * as pulumi from "@pulumi/pulumi";
import { Policy } from "@pulumi/aws/iam/policy";
import type { AppStackAccess } from "../config/cluster-access";
import { bucketStatements } from "./app/aws-access";
import type { BucketRef } from "./artifacts";
import type { AwsTags } from "./aws-common";

/** IAM path of the boundaries: one folder per platform stack, so the deploy role's policy can name them. */
export function boundaryPath(platformStack: string): string {
  return `/slipway/${platformStack}/`;
}

/** The boundary's policy name: docs/deploy-role-policy.json spells its ARN `policy<path><apps stack>-boundary`. */
export function boundaryName(appsStack: string): string {
  return `${appsStack}-boundary`;
}

export interface AppStackBoundariesArgs {
  platformStack: string;
  appStacks: Record<string, AppStackAccess>;
  buckets: Record<string, BucketRef>;
  bucketKeyArn?: pulumi.Input<string>;
  tags: AwsTags;
}

/** Each apps stack's boundary ARN, by stack. */
export function createAppStackBoundaries(args: AppStackBoundariesArgs): Record<string, pulumi.Output<string>> {
  const arns: Record<string, pulumi.Output<string>> = {};
  for (const stack of Object.keys(args.appStacks).sort()) {
    const grants = Object.fromEntries(args.appStacks[stack].buckets.map((bucket) => [bucket, "readWrite" as const]));
    const statements = bucketStatements(grants, args);
    const document = pulumi.output(statements).apply((resolved) =>
      JSON.stringify({
        Version: "2012-10-17",
        // A boundary that allows nothing: the stack was granted no bucket, so its roles get no AWS access.
        Statement:
          resolved.length > 0 ? resolved : [{ Sid: "NothingGranted", Effect: "Deny", Action: "*", Resource: "*" }],
      }),
    );
    const policy = new Policy(`app-boundary-${stack}`, {
      name: boundaryName(stack),
      path: boundaryPath(args.platformStack),
      description: `Permissions boundary of every IAM role apps stack ${stack} creates`,
      policy: document,
      tags: args.tags,
    });
    arns[stack] = policy.arn;
  }
  return arns;
}
