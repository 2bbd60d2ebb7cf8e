/** Small shared pieces of the AWS components: tags, data-safety options, IAM policy documents. */
import * as pulumi from "@pulumi/pulumi";

export type AwsTags = Record<string, string>;

/** Tags on every AWS resource Slipway creates, so cost reports and audits can find them. */
export function awsTags(stack: string, environment: string): AwsTags {
  return { "slipway.dev/stack": stack, "slipway.dev/environment": environment, "slipway.dev/managed-by": "pulumi" };
}

/**
 * Options for resources that hold data. `protect` makes `pulumi destroy` (or a replacement) fail
 * until someone unprotects on purpose; `retainOnDelete` keeps the cloud object even then.
 */
export function dataSafety(
  protect: boolean,
  retain: boolean,
): Pick<pulumi.CustomResourceOptions, "protect" | "retainOnDelete"> {
  return { protect, retainOnDelete: protect && retain };
}

/** Trust policy letting AWS services (e.g. eks.amazonaws.com) assume a role. */
export function serviceTrustPolicy(
  services: string[],
  actions = ["sts:AssumeRole"],
  condition?: Record<string, Record<string, unknown>>,
): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: services },
        Action: actions,
        ...(condition ? { Condition: condition } : {}),
      },
    ],
  });
}

/** The ARN of an AWS managed policy in the caller's partition (aws, aws-cn, aws-us-gov). */
export function managedPolicyArn(partition: pulumi.Input<string>, name: string): pulumi.Output<string> {
  return pulumi.interpolate`arn:${partition}:iam::aws:policy/${name}`;
}
