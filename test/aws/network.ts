import { subnetLayout } from "../../components/network";
import { A, eksCluster } from "../support/aws";
import { find, ofType, render, webApp } from "../support/stack";
import type { RenderResult } from "../../tools/harness/render-stack";

const apps = { web: webApp() };

describe("subnet layout", () => {
  test("private subnets get the large blocks, public subnets small blocks at the top of the range", () => {
    expect(subnetLayout("10.0.0.0/16", 3)).toEqual({
      private: ["10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19"],
      public: ["10.0.224.0/22", "10.0.228.0/22", "10.0.232.0/22"],
    });
    expect(subnetLayout("10.1.0.0/20", 2)).toEqual({
      private: ["10.1.0.0/23", "10.1.2.0/23"],
      public: ["10.1.14.0/26", "10.1.14.64/26"],
    });
  });

  test("no two subnets overlap, even with six zones", () => {
    const toRange = (cidr: string) => {
      const [ip, prefix] = cidr.split("/");
      const start = ip.split(".").reduce((n, o) => n * 256 + Number(o), 0);
      return [start, start + 2 ** (32 - Number(prefix))];
    };
    const layout = subnetLayout("10.0.0.0/16", 6);
    const ranges = [...layout.private, ...layout.public].map(toRange).sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i][0]).toBeGreaterThanOrEqual(ranges[i - 1][1]);
  });
});

describe("network", () => {
  let dev: RenderResult;
  let prod: RenderResult;
  beforeAll(async () => {
    dev = await render({ environment: "dev", cluster: eksCluster(), apps });
    prod = await render({
      environment: "prod",
      cluster: eksCluster({ endpoint: { publicAccessCidrs: ["203.0.113.0/24"] } }),
      apps,
    });
  });

  const subnets = (result: RenderResult, kind: "public" | "private") =>
    ofType(result, A.subnet).filter((s) => s.name.startsWith(`network-${kind}-`));
  const natIds = (result: RenderResult) =>
    new Set(
      ofType(result, A.routeTable)
        .filter((t) => t.name.startsWith("network-private-"))
        .map((t) => (t.inputs.routes as Array<{ natGatewayId: string }>)[0].natGatewayId),
    );

  test("dev spans two zones behind one shared NAT gateway, without flow logs", () => {
    expect(subnets(dev, "private")).toHaveLength(2);
    expect(subnets(dev, "public")).toHaveLength(2);
    expect(ofType(dev, A.natGateway)).toHaveLength(1);
    expect(natIds(dev).size).toBe(1);
    expect(ofType(dev, A.flowLog)).toHaveLength(0);
  });

  test("prod spans three zones, each private subnet leaving through its own zone's NAT gateway", () => {
    expect(subnets(prod, "private").map((s) => s.inputs.availabilityZone)).toEqual([
      "eu-west-1a",
      "eu-west-1b",
      "eu-west-1c",
    ]);
    expect(ofType(prod, A.natGateway)).toHaveLength(3);
    expect(natIds(prod).size).toBe(3);
    expect(new Set(ofType(prod, A.natGateway).map((n) => n.inputs.subnetId)).size).toBe(3);
  });

  test("prod keeps flow logs of all traffic in a log group with a retention, written by a role only flow logs can assume", () => {
    const flowLog = find(prod, A.flowLog, "network-flow-logs").inputs;
    expect(flowLog).toMatchObject({ trafficType: "ALL", logDestinationType: "cloud-watch-logs" });
    const group = find(prod, A.logGroup, "network-flow-logs").inputs;
    expect(group.retentionInDays).toBe(90);
    const trust = JSON.parse(find(prod, A.role, "network-flow-logs").inputs.assumeRolePolicy as string);
    expect(trust.Statement).toHaveLength(1);
    expect(trust.Statement[0].Principal).toEqual({ Service: ["vpc-flow-logs.amazonaws.com"] });
    expect(trust.Statement[0].Condition).toEqual({ StringEquals: { "aws:SourceAccount": "123456789012" } });
  });

  test("subnets carry the tags the load balancer controller and Karpenter discover", () => {
    for (const subnet of subnets(prod, "public")) {
      expect(subnet.inputs.tags).toMatchObject({ "kubernetes.io/role/elb": "1" });
      expect(subnet.inputs.tags).not.toHaveProperty("karpenter.sh/discovery");
      expect(subnet.inputs.mapPublicIpOnLaunch).toBe(false);
    }
    for (const subnet of subnets(prod, "private")) {
      expect(subnet.inputs.tags).toMatchObject({
        "kubernetes.io/role/internal-elb": "1",
        "karpenter.sh/discovery": "slipway-test",
      });
      expect(subnet.inputs.tags).not.toHaveProperty("kubernetes.io/role/elb");
    }
  });

  test("the VPC's default security group is declared without rules, and S3 traffic skips the NAT", () => {
    const defaultGroup = find(dev, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "network-default-sg").inputs;
    expect(defaultGroup.ingress ?? []).toEqual([]);
    expect(defaultGroup.egress ?? []).toEqual([]);
    const endpoint = find(dev, "aws:ec2/vpcEndpoint:VpcEndpoint", "network-s3").inputs;
    expect(endpoint).toMatchObject({ vpcEndpointType: "Gateway", serviceName: "com.amazonaws.eu-west-1.s3" });
    expect(endpoint.routeTableIds).toHaveLength(2);
  });

  test("the control plane and nodes use the private subnets, not the public ones the NAT gateways sit in", () => {
    const clusterSubnets: string[] = (find(prod, A.cluster, "cluster").inputs.vpcConfig as { subnetIds: string[] })
      .subnetIds;
    expect(clusterSubnets).toHaveLength(3);
    const natSubnets = ofType(prod, A.natGateway).map((n) => n.inputs.subnetId);
    expect(clusterSubnets.filter((id) => natSubnets.includes(id))).toEqual([]);
    for (const group of ofType(prod, A.nodeGroup)) expect(group.inputs.subnetIds).toEqual(clusterSubnets);
  });

  test("an existing VPC is used as given: no network is created, its private subnets get the discovery tag", async () => {
    const existingVpc = {
      vpcId: "vpc-0a1b2c3d4e5f60718",
      privateSubnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"],
      publicSubnetIds: ["subnet-0bbbbbbbbbbbbbbb1"],
    };
    const result = await render({ environment: "prod", cluster: eksCluster({ network: { existingVpc } }), apps });
    for (const type of [A.vpc, A.subnet, A.natGateway, A.eip, A.routeTable, A.flowLog])
      expect(ofType(result, type)).toHaveLength(0);
    expect(
      ofType(result, A.tag)
        .filter((t) => t.inputs.key === "karpenter.sh/discovery")
        .map((t) => t.inputs.resourceId)
        .sort(),
    ).toEqual([...existingVpc.privateSubnetIds, expect.stringMatching(/^sg-/)].sort());
    expect((find(result, A.cluster, "cluster").inputs.vpcConfig as { subnetIds: string[] }).subnetIds).toEqual(
      existingVpc.privateSubnetIds,
    );
  });
});
