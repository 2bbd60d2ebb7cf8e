/**
 * VPC flow logs to CloudWatch Logs: a log group with a retention period, and a role only the flow
 * logs service of this account can assume, allowed to write to that one group.
 */
import * as pulumi from "@pulumi/pulumi";
import { LogGroup } from "@pulumi/aws/cloudwatch/logGroup";
import { FlowLog } from "@pulumi/aws/ec2/flowLog";
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import { Role } from "@pulumi/aws/iam/role";
import { RolePolicy } from "@pulumi/aws/iam/rolePolicy";
import type { NetworkConfig } from "../config/types";
import { serviceTrustPolicy, type AwsTags } from "./aws-common";

export interface FlowLogArgs {
  vpcId: pulumi.Input<string>;
  clusterName: string;
  settings: NetworkConfig["flowLogs"];
  tags: AwsTags;
}

export function createFlowLogs(name: string, args: FlowLogArgs, parent: pulumi.Resource): FlowLog {
  const opts = { parent };
  const group = new LogGroup(
    `${name}-flow-logs`,
    {
      name: `/slipway/${args.clusterName}/vpc-flow-logs`,
      retentionInDays: args.settings.retentionDays,
      tags: args.tags,
    },
    opts,
  );
  const account = getCallerIdentityOutput({}, opts).accountId;
  // Confused-deputy guard: only flow logs acting for this account may assume the role.
  const role = new Role(
    `${name}-flow-logs`,
    {
      description: `VPC flow logs delivery for ${args.clusterName}`,
      assumeRolePolicy: account.apply((id) =>
        serviceTrustPolicy(["vpc-flow-logs.amazonaws.com"], ["sts:AssumeRole"], {
          StringEquals: { "aws:SourceAccount": id },
        }),
      ),
      tags: args.tags,
    },
    opts,
  );
  new RolePolicy(
    `${name}-flow-logs`,
    {
      role: role.name,
      policy: group.arn.apply((arn) =>
        JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
              Resource: `${arn}:*`,
            },
            { Effect: "Allow", Action: ["logs:DescribeLogGroups"], Resource: "*" },
          ],
        }),
      ),
    },
    opts,
  );
  return new FlowLog(
    `${name}-flow-logs`,
    {
      vpcId: args.vpcId,
      trafficType: args.settings.trafficType,
      logDestinationType: "cloud-watch-logs",
      logDestination: group.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 60,
      tags: args.tags,
    },
    opts,
  );
}
