/**
 * cert-manager's DNS-01 permissions: reading its changes and writing only TXT records, only in the
 * configured hosted zones; test/controller-iam.test.ts proves they allow every call the solver makes.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PlatformConfig } from "../../../config/types";
import type { ActionSources } from "../../iam";

const ROUTE53_SOLVER = "cert-manager/cert-manager v1.19.3 pkg/issuer/acme/dns/route53/route53.go";

/**
 * What the DNS-01 solver calls, at the chart's appVersion. Each solver names its zone (hostedZoneID),
 * so the solver never looks zones up by name (route53.go:318 returns the given id first).
 */
export const CERT_MANAGER_ACTION_SOURCES: ActionSources = {
  "route53:ChangeResourceRecordSets": `${ROUTE53_SOLVER}:283`,
  "route53:GetChange": `${ROUTE53_SOLVER}:306`,
};

export function route53Statements(zones: PlatformConfig["hostedZones"], partition: pulumi.Output<string>) {
  const zoneArns = zones.map((z) => pulumi.interpolate`arn:${partition}:route53:::hostedzone/${z.zoneId}`);
  return [
    {
      Sid: "ReadChanges",
      Effect: "Allow" as const,
      Action: "route53:GetChange",
      Resource: pulumi.interpolate`arn:${partition}:route53:::change/*`,
    },
    {
      Sid: "WriteChallengeRecords",
      Effect: "Allow" as const,
      Action: "route53:ChangeResourceRecordSets",
      Resource: zoneArns,
      Condition: { "ForAllValues:StringEquals": { "route53:ChangeResourceRecordSetsRecordTypes": ["TXT"] } },
    },
  ];
}
