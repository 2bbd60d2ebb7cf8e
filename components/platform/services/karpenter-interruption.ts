/**
 * Karpenter's interruption handling: an SQS queue that EventBridge fills with spot interruption
 * warnings, rebalance recommendations, instance state changes and AWS Health events, so Karpenter
 * drains a node before EC2 takes it away.
 */
import * as pulumi from "@pulumi/pulumi";
import { EventRule } from "@pulumi/aws/cloudwatch/eventRule";
import { EventTarget } from "@pulumi/aws/cloudwatch/eventTarget";
import { Queue } from "@pulumi/aws/sqs/queue";
import { QueuePolicy } from "@pulumi/aws/sqs/queuePolicy";

const EVENTS: Record<string, { source: string[]; "detail-type": string[] }> = {
  health: { source: ["aws.health"], "detail-type": ["AWS Health Event"] },
  "spot-interruption": { source: ["aws.ec2"], "detail-type": ["EC2 Spot Instance Interruption Warning"] },
  rebalance: { source: ["aws.ec2"], "detail-type": ["EC2 Instance Rebalance Recommendation"] },
  "state-change": { source: ["aws.ec2"], "detail-type": ["EC2 Instance State-change Notification"] },
};

export function interruptionQueue(clusterName: string, parent: pulumi.Resource): Queue {
  const queue = new Queue(
    "karpenter-interruptions",
    {
      name: `${clusterName}-karpenter`,
      messageRetentionSeconds: 300,
      sqsManagedSseEnabled: true,
    },
    { parent },
  );
  new QueuePolicy(
    "karpenter-interruptions",
    {
      queueUrl: queue.url,
      policy: queue.arn.apply((arn) =>
        JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "EventBridgeSends",
              Effect: "Allow",
              Principal: { Service: ["events.amazonaws.com", "sqs.amazonaws.com"] },
              Action: "sqs:SendMessage",
              Resource: arn,
            },
            {
              Sid: "TlsOnly",
              Effect: "Deny",
              Principal: "*",
              Action: "sqs:*",
              Resource: arn,
              Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
          ],
        }),
      ),
    },
    { parent },
  );
  for (const [event, pattern] of Object.entries(EVENTS)) {
    const rule = new EventRule(`karpenter-${event}`, { eventPattern: JSON.stringify(pattern) }, { parent });
    new EventTarget(`karpenter-${event}`, { rule: rule.name, arn: queue.arn }, { parent });
  }
  return queue;
}
