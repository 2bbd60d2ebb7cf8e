import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { mockOutputsOf } from "../../tools/harness/mock-cloud";
import { CLUSTER_AUTOSCALER_CHART } from "../../components/platform/services/cluster-autoscaler";
import { KARPENTER_CHART, KARPENTER_CRDS_CHART, KARPENTER_IMAGES } from "../../components/platform/services/karpenter";
import { LOAD_BALANCER_CONTROLLER_CHART } from "../../components/platform/services/load-balancer-controller";
import type { RenderResult } from "../../tools/harness/render-stack";
import { H, helm, hasHelm, platformStack, rolePolicy, trustPolicy, values } from "../support/platform";
import { at, find, ofType, render } from "../support/stack";

const UPSTREAM_CHARTS = join(__dirname, "..", "..", "..", "shared", "upstream", "charts");

let prod: RenderResult;

beforeAll(async () => {
  prod = await render(
    platformStack(
      {
        karpenter: {
          amiAlias: "al2023@v20250101",
          nodePool: {
            architectures: ["amd64", "arm64"],
            capacityTypes: ["spot", "on-demand"],
            cpuLimit: 256,
            consolidateAfter: "5m",
          },
        },
        externalSecrets: { enabled: true, secretPrefix: "slipway/prod/" },
      },
      "prod",
    ),
    "prod",
  );
});

function subjectOf(result: RenderResult, role: string): string {
  return Object.entries(trustPolicy(result, role).Statement[0].Condition.StringEquals).find(([k]) =>
    k.endsWith(":sub"),
  )![1] as string;
}

describe("Karpenter", () => {
  test("CRDs as their own pinned release; the controller pinned without them, in its own namespace", () => {
    const crds = helm(prod, "karpenter-crd");
    const controller = helm(prod, "karpenter");
    expect([crds.type, crds.inputs.chart, crds.inputs.version]).toEqual([
      H.release,
      KARPENTER_CRDS_CHART.chart,
      KARPENTER_CRDS_CHART.version,
    ]);
    expect([
      controller.inputs.chart,
      controller.inputs.version,
      controller.inputs.skipCrds,
      controller.inputs.namespace,
    ]).toEqual([KARPENTER_CHART.chart, KARPENTER_CHART.version, true, "slipway-karpenter"]);
    expect(controller.options.dependsOn).toContain(crds.urn);
  });

  test("the controller knows the cluster and its interruption queue, runs two replicas in prod, and has requests and limits", () => {
    const v = values(prod, "karpenter");
    expect(v.settings).toEqual({ clusterName: "slipway-prod", interruptionQueue: "slipway-prod-karpenter" });
    expect(v.replicas).toBe(2);
    expect(v.podDisruptionBudget).toEqual({ name: "karpenter", maxUnavailable: 1 });
    expect(v.controller.resources).toEqual({
      requests: { cpu: "250m", memory: "256Mi" },
      limits: { cpu: "1000m", memory: "256Mi" },
    });
    expect(v.podSecurityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
    // The digest the chart's own values carry at this version; its template prints it after `@`.
    expect(v.controller.image).toEqual({ digest: KARPENTER_IMAGES.images.controller.digest });
    expect(find(prod, "aws:sqs/queue:Queue", "karpenter-interruptions").inputs).toMatchObject({
      name: "slipway-prod-karpenter",
      messageRetentionSeconds: 300,
      sqsManagedSseEnabled: true,
    });
    // The queue's policy is attached to the queue itself (by the URL the queue reports).
    const queue = mockOutputsOf("aws:sqs/queue:Queue", "karpenter-interruptions", { name: "slipway-prod-karpenter" });
    expect(find(prod, "aws:sqs/queuePolicy:QueuePolicy", "karpenter-interruptions").inputs.queueUrl).toBe(queue.url);
    const patterns = ofType(prod, "aws:cloudwatch/eventRule:EventRule")
      .map((r) => JSON.parse(r.inputs.eventPattern as string)["detail-type"][0])
      .sort();
    expect(patterns).toEqual([
      "AWS Health Event",
      "EC2 Instance Rebalance Recommendation",
      "EC2 Instance State-change Notification",
      "EC2 Spot Instance Interruption Warning",
    ]);
  });

  test("its IRSA role trusts its service account only; it may pass only the node role and launch only owned instances", () => {
    expect(subjectOf(prod, "karpenter")).toBe("system:serviceaccount:slipway-karpenter:karpenter");
    const statements = rolePolicy(prod, "karpenter").Statement;
    const pass = statements.find((s: any) => s.Sid === "PassNodeRole");
    // The mock cloud's ARN for the role named karpenter-node.
    expect(pass.Resource).toBe(
      mockOutputsOf("aws:iam/role:Role", "karpenter-node", { name: "slipway-prod-karpenter-node" }).arn,
    );
    expect(pass.Condition).toEqual({
      StringEquals: { "iam:PassedToService": ["ec2.amazonaws.com", "ec2.amazonaws.com.cn"] },
    });
    const terminate = statements.find((s: any) => s.Sid === "TerminateOwnInstances");
    expect(terminate.Condition.StringEquals).toEqual({ "aws:ResourceTag/kubernetes.io/cluster/slipway-prod": "owned" });
    // The mock cloud's ARN for the interruption queue, and no other.
    const queue = mockOutputsOf("aws:sqs/queue:Queue", "karpenter-interruptions", { name: "slipway-prod-karpenter" });
    expect(statements.find((s: any) => s.Sid === "ReadInterruptions").Resource).toBe(queue.arn);
  });

  test("nodes may join: a node role with the worker policies and an EC2_LINUX access entry", () => {
    expect(find(prod, "aws:eks/accessEntry:AccessEntry", "karpenter-node").inputs).toMatchObject({
      clusterName: "slipway-prod",
      type: "EC2_LINUX",
    });
    const policies = ofType(prod, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")
      .filter((a) => a.name.startsWith("karpenter-node-"))
      .map((a) => String(a.inputs.policyArn).split("/").pop())
      .sort();
    expect(policies).toEqual([
      "AmazonEC2ContainerRegistryReadOnly",
      "AmazonEKSWorkerNodePolicy",
      "AmazonEKS_CNI_Policy",
      "AmazonSSMManagedInstanceCore",
    ]);
  });

  test("the default NodePool and EC2NodeClass follow config and wait for the CRDs", () => {
    const pool = find(prod, H.nodePool, "node-pool");
    const requirements = at(pool.inputs, "spec.template.spec.requirements");
    expect(requirements).toContainEqual({ key: "kubernetes.io/arch", operator: "In", values: ["amd64", "arm64"] });
    expect(requirements).toContainEqual({
      key: "karpenter.sh/capacity-type",
      operator: "In",
      values: ["spot", "on-demand"],
    });
    expect(at(pool.inputs, "spec.limits")).toEqual({ cpu: "256" });
    expect(at(pool.inputs, "spec.disruption")).toEqual({
      consolidationPolicy: "WhenEmptyOrUnderutilized",
      consolidateAfter: "5m",
    });
    const nodeClass = find(prod, H.nodeClass, "node-class");
    expect(at(nodeClass.inputs, "spec")).toMatchObject({
      role: "slipway-prod-karpenter-node",
      amiSelectorTerms: [{ alias: "al2023@v20250101" }],
      subnetSelectorTerms: [{ tags: { "karpenter.sh/discovery": "slipway-prod" } }],
    });
    const crds = helm(prod, "karpenter-crd").urn;
    expect(pool.options.dependsOn).toEqual(expect.arrayContaining([crds, nodeClass.urn]));
    expect(nodeClass.options.dependsOn).toContain(crds);
  });

  test("the NodePool and EC2NodeClass validate against Karpenter's CRD schema, which rejects a bad one", () => {
    expect(prod.schemaProblems).toEqual([]);
    const { validateObjects } = jest.requireActual("../../tools/harness/k8s-schema");
    const [problems] = validateObjects([
      {
        apiVersion: "karpenter.sh/v1",
        kind: "NodePool",
        metadata: { name: "bad" },
        spec: { template: { spec: { requirements: "all" } } },
      },
    ]);
    expect(problems).toEqual(expect.arrayContaining(["spec.template.spec.nodeClassRef: Required value"]));
  });
});

describe("Karpenter's controller image", () => {
  test("is the one the chart's own values.yaml names at the pinned version, so a bump without re-reading it fails", () => {
    const chart = readFileSync(join(UPSTREAM_CHARTS, `karpenter-${KARPENTER_CHART.version}`, "values.yaml"), "utf8");
    const { repository, tag, digest } = parse(chart).controller.image;
    const { image, ...pin } = KARPENTER_IMAGES.images.controller;
    expect([image, pin.tag, pin.digest]).toEqual([repository, tag, digest]);
    expect(tag).toBe(KARPENTER_CHART.version);
  });
});

describe("controllers told their region (nodes answer instance metadata only to themselves, hop limit 1)", () => {
  test("Karpenter's controller gets AWS_REGION through controller.env, the variable its chart's own example sets", () => {
    const chart = readFileSync(join(UPSTREAM_CHARTS, `karpenter-${KARPENTER_CHART.version}`, "values.yaml"), "utf8");
    expect(parse(chart).controller.env).toEqual([]);
    expect(chart).toContain("  # - name: AWS_REGION");
    expect(values(prod, "karpenter").controller.env).toEqual([{ name: "AWS_REGION", value: "eu-west-1" }]);
  });
});

describe("Cluster Autoscaler, the alternative", () => {
  test("pinned, with autodiscovery for the cluster and an IRSA role that resizes only its groups", async () => {
    const result = await render(
      platformStack({ karpenter: { enabled: false }, clusterAutoscaler: { enabled: true } }, "prod"),
      "prod",
    );
    expect(hasHelm(result, "karpenter")).toBe(false);
    const install = helm(result, "cluster-autoscaler");
    expect([install.inputs.chart, install.inputs.version, install.inputs.namespace]).toEqual([
      CLUSTER_AUTOSCALER_CHART.chart,
      CLUSTER_AUTOSCALER_CHART.version,
      "slipway-cluster-autoscaler",
    ]);
    const v = values(result, "cluster-autoscaler");
    expect(v).toMatchObject({
      autoDiscovery: { clusterName: "slipway-prod" },
      awsRegion: "eu-west-1",
      replicaCount: 2,
      podDisruptionBudget: { maxUnavailable: 1 },
    });
    expect(v.rbac.serviceAccount.name).toBe("cluster-autoscaler");
    expect(subjectOf(result, "cluster-autoscaler")).toBe(
      "system:serviceaccount:slipway-cluster-autoscaler:cluster-autoscaler",
    );
    const resize = rolePolicy(result, "cluster-autoscaler").Statement.find((s: any) => s.Sid === "ResizeOwnGroups");
    expect(resize.Condition).toEqual({
      StringEquals: { "aws:ResourceTag/k8s.io/cluster-autoscaler/slipway-prod": "owned" },
    });
  });
});

describe("AWS Load Balancer Controller", () => {
  test("pinned Helm release with its own IRSA role that creates only load balancers it tags", () => {
    const release = helm(prod, "aws-load-balancer-controller");
    expect([release.type, release.inputs.chart, release.inputs.version, release.inputs.namespace]).toEqual([
      H.release,
      LOAD_BALANCER_CONTROLLER_CHART.chart,
      LOAD_BALANCER_CONTROLLER_CHART.version,
      "slipway-aws-load-balancer-controller",
    ]);
    expect(values(prod, "aws-load-balancer-controller")).toMatchObject({
      clusterName: "slipway-prod",
      region: "eu-west-1",
      replicaCount: 2,
      podDisruptionBudget: { maxUnavailable: 1 },
    });
    expect(values(prod, "aws-load-balancer-controller").vpcId).toMatch(/^vpc-/);
    // The keys the chart documents for pods that cannot ask instance metadata (nodes at hop limit 1).
    const chart = parse(
      readFileSync(
        join(UPSTREAM_CHARTS, `aws-load-balancer-controller-${LOAD_BALANCER_CONTROLLER_CHART.version}`, "values.yaml"),
        "utf8",
      ),
    );
    expect(Object.keys(chart)).toEqual(expect.arrayContaining(["region", "vpcId"]));
    expect(subjectOf(prod, "aws-load-balancer-controller")).toBe(
      "system:serviceaccount:slipway-aws-load-balancer-controller:aws-load-balancer-controller",
    );
    const create = rolePolicy(prod, "aws-load-balancer-controller").Statement.find(
      (s: any) => s.Sid === "CreateTaggedLoadBalancers",
    );
    expect(create.Condition).toEqual({ Null: { "aws:RequestTag/elbv2.k8s.aws/cluster": "false" } });
  });
});
