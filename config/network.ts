/**
 * `slipway:cluster.network`: the VPC an EKS cluster runs in. Dev saves money (two zones, one shared
 * NAT gateway); prod survives a zone outage (three zones, a NAT gateway per zone) and keeps flow logs.
 */
import { z } from "zod";
import { awsId, logRetentionDays, vpcCidr } from "./aws-primitives";
import { bool, integer } from "./primitives";
import type { ConfigProblem } from "./errors";
import { record } from "./raw";
import type { Tier } from "./tiers";

interface NetworkDefaults {
  availabilityZones: number;
  natGateways: "single" | "perZone";
  flowLogs: boolean;
  flowLogRetentionDays: number;
}

const NETWORK_DEFAULTS: Record<Tier, NetworkDefaults> = {
  dev: { availabilityZones: 2, natGateways: "single", flowLogs: false, flowLogRetentionDays: 14 },
  staging: { availabilityZones: 3, natGateways: "single", flowLogs: true, flowLogRetentionDays: 30 },
  prod: { availabilityZones: 3, natGateways: "perZone", flowLogs: true, flowLogRetentionDays: 90 },
};

const existingVpcSchema = z.strictObject({
  vpcId: awsId("a VPC id", "vpc"),
  /** Where nodes and the control plane's network interfaces go: one per zone, at least two zones. */
  privateSubnetIds: z
    .array(awsId("a subnet id", "subnet"))
    .min(2, { error: "expected at least two private subnets (in different zones)" }),
  /** Where internet-facing load balancers go; empty when the cluster serves only internal traffic. */
  publicSubnetIds: z.array(awsId("a subnet id", "subnet")).default([]),
});

export function networkSchema(tier: Tier) {
  const d = NETWORK_DEFAULTS[tier];
  const flowLogs = z.strictObject({
    enabled: bool.default(d.flowLogs),
    retentionDays: logRetentionDays.default(d.flowLogRetentionDays),
    trafficType: z.enum(["ALL", "ACCEPT", "REJECT"], { error: "expected one of ALL, ACCEPT, REJECT" }).default("ALL"),
  });
  return z.strictObject({
    cidr: vpcCidr.default("10.0.0.0/16"),
    availabilityZones: integer(2, 6).default(d.availabilityZones),
    natGateways: z.enum(["single", "perZone"], { error: "expected single or perZone" }).default(d.natGateways),
    flowLogs: flowLogs.default(() => flowLogs.parse({})),
    /** Use a VPC that already exists instead of creating one (then cidr, zones and NAT are the VPC owner's). */
    existingVpc: existingVpcSchema.optional(),
  });
}

export type NetworkConfig = z.output<ReturnType<typeof networkSchema>>;

const VPC_OWNER_KEYS = ["cidr", "availabilityZones", "natGateways", "flowLogs"] as const;

/**
 * With `existingVpc`, the keys that shape a new VPC belong to the VPC's owner. Which keys were
 * written is lost once defaults fill them, so this reads the section as given: `cluster` is the
 * stack's `slipway:cluster` before parsing.
 */
export function vpcOwnerKeyProblems(cluster: unknown): ConfigProblem[] {
  const network = record(record(cluster).network);
  if (!Object.hasOwn(network, "existingVpc")) return [];
  return VPC_OWNER_KEYS.filter((key) => Object.hasOwn(network, key)).map((key) => ({
    key: `slipway:cluster.network.${key}`,
    message: "belongs to the VPC's owner when slipway:cluster.network.existingVpc is set; remove one of them",
  }));
}
