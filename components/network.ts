/**
 * The VPC an EKS cluster runs in: public and private subnets in N availability zones, tagged so the
 * AWS Load Balancer Controller and Karpenter find them, an internet gateway, NAT gateway(s) (one
 * shared, or one per zone so a zone outage cannot cut the others off), a route table per zone, a free
 * S3 gateway endpoint (image layers and artifacts skip the NAT), and flow logs when configured.
 * With `existingVpc` it creates no network and only adds the cluster's Karpenter discovery tags.
 */
import * as pulumi from "@pulumi/pulumi";
import { getAvailabilityZonesOutput } from "@pulumi/aws/getAvailabilityZones";
import { getRegionOutput } from "@pulumi/aws/getRegion";
import { DefaultSecurityGroup } from "@pulumi/aws/ec2/defaultSecurityGroup";
import { Eip } from "@pulumi/aws/ec2/eip";
import { InternetGateway } from "@pulumi/aws/ec2/internetGateway";
import { NatGateway } from "@pulumi/aws/ec2/natGateway";
import { RouteTable } from "@pulumi/aws/ec2/routeTable";
import { RouteTableAssociation } from "@pulumi/aws/ec2/routeTableAssociation";
import { Subnet } from "@pulumi/aws/ec2/subnet";
import { Tag } from "@pulumi/aws/ec2/tag";
import { Vpc } from "@pulumi/aws/ec2/vpc";
import { VpcEndpoint } from "@pulumi/aws/ec2/vpcEndpoint";
import type { NetworkConfig } from "../config/types";
import { formatCidr, parseCidr, subnet } from "../config/cidr";
import type { AwsTags } from "./aws-common";
import { createFlowLogs } from "./network-flow-logs";

export interface NetworkArgs {
  config: NetworkConfig;
  /** The EKS cluster's name: the value of the subnets' `karpenter.sh/discovery` tag. */
  clusterName: string;
  tags: AwsTags;
}

/** Tags the AWS Load Balancer Controller uses to choose subnets for internet-facing / internal LBs. */
const PUBLIC_SUBNET_ROLE = { "kubernetes.io/role/elb": "1" };
const PRIVATE_SUBNET_ROLE = { "kubernetes.io/role/internal-elb": "1" };
export const DISCOVERY_TAG = "karpenter.sh/discovery";

/**
 * Private subnets get the large blocks (VPC CNI gives every pod a VPC address): /(p+3) blocks 0..N-1.
 * Public subnets hold only load balancers and NAT gateways: /(p+6) blocks from the last /(p+3).
 */
export function subnetLayout(vpcCidr: string, zones: number): { private: string[]; public: string[] } {
  const vpc = parseCidr(vpcCidr);
  if (!vpc) throw new Error(`slipway:cluster.network.vpcCidr: expected an IPv4 CIDR, got ${vpcCidr}`);
  const indexes = Array.from({ length: zones }, (_, i) => i);
  return {
    private: indexes.map((i) => formatCidr(subnet(vpc, vpc.prefix + 3, i))),
    public: indexes.map((i) => formatCidr(subnet(vpc, vpc.prefix + 6, 56 + i))),
  };
}

export class Network extends pulumi.ComponentResource {
  public readonly vpcId: pulumi.Output<string>;
  public readonly privateSubnetIds: pulumi.Output<string[]>;
  public readonly publicSubnetIds: pulumi.Output<string[]>;

  constructor(name: string, args: NetworkArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("slipway:network:Network", name, {}, opts);
    const { existingVpc } = args.config;
    const built = existingVpc ? adoptVpc(name, existingVpc, args.clusterName, this) : buildVpc(name, args, this);
    this.vpcId = built.vpcId;
    this.privateSubnetIds = built.privateSubnetIds;
    this.publicSubnetIds = built.publicSubnetIds;
    this.registerOutputs({
      vpcId: this.vpcId,
      privateSubnetIds: this.privateSubnetIds,
      publicSubnetIds: this.publicSubnetIds,
    });
  }
}

interface NetworkIds {
  vpcId: pulumi.Output<string>;
  privateSubnetIds: pulumi.Output<string[]>;
  publicSubnetIds: pulumi.Output<string[]>;
}

/** Someone else owns the VPC; the cluster only marks the private subnets as its Karpenter subnets. */
function adoptVpc(
  name: string,
  vpc: NonNullable<NetworkConfig["existingVpc"]>,
  clusterName: string,
  parent: pulumi.Resource,
): NetworkIds {
  vpc.privateSubnetIds.forEach((subnetId) => {
    new Tag(
      `${name}-discovery-${subnetId}`,
      { resourceId: subnetId, key: DISCOVERY_TAG, value: clusterName },
      { parent },
    );
  });
  return {
    vpcId: pulumi.output(vpc.vpcId),
    privateSubnetIds: pulumi.output(vpc.privateSubnetIds),
    publicSubnetIds: pulumi.output(vpc.publicSubnetIds),
  };
}

function buildVpc(name: string, args: NetworkArgs, parent: pulumi.Resource): NetworkIds {
  const { config, clusterName, tags } = args;
  const opts = { parent };
  const count = config.availabilityZones;
  const zones = getAvailabilityZonesOutput(
    { state: "available", filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }] },
    opts,
  );
  const zone = (i: number) =>
    zones.names.apply((names) => {
      if (names.length < count)
        throw new Error(
          `the region has ${names.length} available zones; slipway:cluster.network.availabilityZones asks for ${count}`,
        );
      return names[i];
    });
  const named = (suffix: string) => ({ ...tags, Name: `${clusterName}-${suffix}` });
  const layout = subnetLayout(config.cidr, count);

  const vpc = new Vpc(
    `${name}-vpc`,
    { cidrBlock: config.cidr, enableDnsSupport: true, enableDnsHostnames: true, tags: named("vpc") },
    opts,
  );
  // Declaring the default security group without rules strips its allow-all rules (CIS AWS 5.4).
  new DefaultSecurityGroup(`${name}-default-sg`, { vpcId: vpc.id, tags: named("default-deny") }, opts);
  const igw = new InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: named("igw") }, opts);
  const publicRoutes = new RouteTable(
    `${name}-public`,
    {
      vpcId: vpc.id,
      routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }],
      tags: named("public"),
    },
    opts,
  );

  const publicSubnets = layout.public.map((cidrBlock, i) => {
    const subnetResource = new Subnet(
      `${name}-public-${i}`,
      {
        vpcId: vpc.id,
        cidrBlock,
        availabilityZone: zone(i),
        mapPublicIpOnLaunch: false,
        tags: { ...named(`public-${i}`), ...PUBLIC_SUBNET_ROLE },
      },
      opts,
    );
    new RouteTableAssociation(
      `${name}-public-${i}`,
      { subnetId: subnetResource.id, routeTableId: publicRoutes.id },
      opts,
    );
    return subnetResource;
  });

  const natCount = config.natGateways === "perZone" ? count : 1;
  const nats = Array.from({ length: natCount }, (_, i) => {
    const eip = new Eip(`${name}-nat-${i}`, { domain: "vpc", tags: named(`nat-${i}`) }, opts);
    return new NatGateway(
      `${name}-nat-${i}`,
      {
        allocationId: eip.id,
        subnetId: publicSubnets[i].id,
        connectivityType: "public",
        tags: named(`nat-${i}`),
      },
      { ...opts, dependsOn: [igw] },
    );
  });

  const privateRouteTables: RouteTable[] = [];
  const privateSubnets = layout.private.map((cidrBlock, i) => {
    const subnetResource = new Subnet(
      `${name}-private-${i}`,
      {
        vpcId: vpc.id,
        cidrBlock,
        availabilityZone: zone(i),
        tags: { ...named(`private-${i}`), ...PRIVATE_SUBNET_ROLE, [DISCOVERY_TAG]: clusterName },
      },
      opts,
    );
    const routes = new RouteTable(
      `${name}-private-${i}`,
      {
        vpcId: vpc.id,
        routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nats[natCount === 1 ? 0 : i].id }],
        tags: named(`private-${i}`),
      },
      opts,
    );
    new RouteTableAssociation(`${name}-private-${i}`, { subnetId: subnetResource.id, routeTableId: routes.id }, opts);
    privateRouteTables.push(routes);
    return subnetResource;
  });

  const region = getRegionOutput({}, opts).region;
  new VpcEndpoint(
    `${name}-s3`,
    {
      vpcId: vpc.id,
      vpcEndpointType: "Gateway",
      serviceName: pulumi.interpolate`com.amazonaws.${region}.s3`,
      routeTableIds: privateRouteTables.map((table) => table.id),
      tags: named("s3"),
    },
    opts,
  );

  if (config.flowLogs.enabled)
    createFlowLogs(name, { vpcId: vpc.id, clusterName, settings: config.flowLogs, tags }, parent);

  return {
    vpcId: vpc.id,
    privateSubnetIds: pulumi.all(privateSubnets.map((s) => s.id)),
    publicSubnetIds: pulumi.all(publicSubnets.map((s) => s.id)),
  };
}
