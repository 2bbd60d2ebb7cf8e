/**
 * Node autoscaling with Karpenter: its controller (IRSA), the interruption queue, a node role that may
 * join the cluster (EKS access entry), and the default EC2NodeClass and NodePool from config. Subnets
 * and security groups are discovered by the tag `karpenter.sh/discovery: <cluster name>`.
 */
import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { AccessEntry } from "@pulumi/aws/eks/accessEntry";
import { Role } from "@pulumi/aws/iam/role";
import { RolePolicyAttachment } from "@pulumi/aws/iam/rolePolicyAttachment";
import type { PlatformConfig } from "../../../config/types";
import { FREE_FORM, type ChartPin } from "../charts";
import { digestValue, type ServiceImages } from "../image-digests";
import { type Admission, metricsAdmission } from "../namespace-policies";
import {
  createNamespace,
  helmChart,
  helmRelease,
  irsaAnnotation,
  irsaRole,
  podResources,
  RESTRICTED_POD,
  requireAws,
  type ServiceArgs,
} from "../common";
import { karpenterStatements } from "./karpenter-iam";
import { interruptionQueue } from "./karpenter-interruption";

const OCI_UNVERIFIED =
  "an OCI chart: its digest is the manifest public.ecr.aws/karpenter publishes for the tag, not an index.yaml entry, and it has not been checked; pull does not fetch OCI charts";

export const KARPENTER_CRDS_CHART = {
  chart: "oci://public.ecr.aws/karpenter/karpenter-crd",
  version: "1.8.1",
  repo: "",
  packageDigest: { version: "1.8.1", unverified: OCI_UNVERIFIED },
} as const satisfies ChartPin;

export const KARPENTER_CHART = {
  chart: "oci://public.ecr.aws/karpenter/karpenter",
  version: "1.8.1",
  repo: "",
  packageDigest: { version: "1.8.1", unverified: OCI_UNVERIFIED },
  freeForm: {
    "controller.resources": FREE_FORM.resources,
    podSecurityContext: FREE_FORM.podContext,
    "serviceAccount.annotations": FREE_FORM.annotations,
    podAnnotations: FREE_FORM.annotations,
    podLabels: FREE_FORM.labels,
  },
} as const satisfies ChartPin;

/** The images its chart runs at the pinned version, and the digest each runs by (image-digests.ts). */
export const KARPENTER_IMAGES = {
  chart: "1.8.1",
  images: {
    // The chart's own values: aws/karpenter-provider-aws commit 00cc250f446b ("chore: Release v1.8.1",
    // child of the v1.8.1 tag) charts/karpenter/values.yaml L120-126; no v1.8.x tag holds them, as the
    // release commits them after tagging (v1.8.1 to v1.8.8 still say 1.8.0); tag v1.9.0 keeps these lines
    // at L125-131. Printed after `@` by templates/_helpers.tpl L70-72 (v1.8.1).
    controller: {
      image: "public.ecr.aws/karpenter/controller",
      tag: "1.8.1",
      key: "controller.image.digest",
      form: "digest",
      digest: "sha256:41c28a606cbad86869384ff8ae8345203b63f81612b6fcfd2e136197dccc03ef",
    },
  },
} as const satisfies ServiceImages;

/** Who may call its namespace, on which ports (namespace-policies.ts). */
// aws/karpenter-provider-aws v1.8.1 charts/karpenter/values.yaml (1.x has no webhook)
export const KARPENTER_INGRESS: readonly Admission[] = [metricsAdmission(8080, "controller.metrics.port")];

export interface KarpenterArgs extends ServiceArgs {
  config: PlatformConfig["karpenter"];
}

const NAMESPACE = "slipway-karpenter";
const SERVICE_ACCOUNT = "karpenter";
const NODE_POLICIES = [
  "AmazonEKSWorkerNodePolicy",
  "AmazonEKS_CNI_Policy",
  "AmazonEC2ContainerRegistryReadOnly",
  "AmazonSSMManagedInstanceCore",
];

function nodePoolSpec(config: KarpenterArgs["config"]) {
  const pool = config.nodePool;
  return {
    template: {
      spec: {
        requirements: [
          { key: "kubernetes.io/arch", operator: "In", values: pool.architectures },
          { key: "kubernetes.io/os", operator: "In", values: ["linux"] },
          { key: "karpenter.sh/capacity-type", operator: "In", values: pool.capacityTypes },
          { key: "karpenter.k8s.aws/instance-category", operator: "In", values: pool.instanceCategories },
          { key: "karpenter.k8s.aws/instance-generation", operator: "Gt", values: ["2"] },
        ],
        nodeClassRef: { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: "default" },
        expireAfter: pool.expireAfter,
      },
    },
    limits: { cpu: String(pool.cpuLimit) },
    disruption: { consolidationPolicy: "WhenEmptyOrUnderutilized", consolidateAfter: pool.consolidateAfter },
  };
}

export class Karpenter extends pulumi.ComponentResource {
  public readonly nodeRoleName: pulumi.Output<string>;
  public readonly interruptionQueueName: pulumi.Output<string>;

  constructor(name: string, args: KarpenterArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("slipway:platform:Karpenter", name, {}, opts);
    const aws = requireAws(args, "karpenter");
    const { config } = args;
    const namespace = createNamespace(this, args, "karpenter", NAMESPACE);
    const childOpts = { parent: this, provider: args.provider };

    const queue = interruptionQueue(aws.clusterName, this);
    const nodeRole = new Role(
      "karpenter-node",
      {
        name: `${aws.clusterName}-karpenter-node`,
        description: `Nodes Karpenter launches for ${aws.clusterName}`,
        assumeRolePolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
        }),
      },
      { parent: this },
    );
    for (const policy of NODE_POLICIES) {
      new RolePolicyAttachment(
        `karpenter-node-${policy}`,
        { role: nodeRole.name, policyArn: pulumi.interpolate`arn:${aws.partition}:iam::aws:policy/${policy}` },
        { parent: this },
      );
    }
    const accessEntry = new AccessEntry(
      "karpenter-node",
      { clusterName: aws.clusterName, principalArn: nodeRole.arn, type: "EC2_LINUX" },
      { parent: this },
    );
    const role = irsaRole(
      this,
      args,
      "karpenter",
      NAMESPACE,
      SERVICE_ACCOUNT,
      karpenterStatements(aws, nodeRole.arn, queue.arn),
    );

    // helm.v3.Release: the CRDs as templates (so upgrades reach them), one awaited resource the NodePool can wait on.
    const crds = helmRelease(
      "karpenter-crd",
      { pin: KARPENTER_CRDS_CHART, releaseName: "karpenter-crd", namespace, values: {} },
      this,
      args,
    );
    // helm.v4.Chart: Deployment, RBAC and PDB without hooks, each visible to previews and policies.
    helmChart(
      "karpenter",
      {
        pin: KARPENTER_CHART,
        releaseName: "karpenter",
        namespace,
        skipCrds: true,
        extra: { service: "karpenter", values: args.config.values },
        // Keys checked in aws/karpenter-provider-aws v1.8.1, charts/karpenter/values.yaml: replicas,
        // podDisruptionBudget, podSecurityContext, controller.resources, controller.image.digest (the
        // digest the chart's own values carry, set here too so KARPENTER_IMAGES holds every pin). The
        // container's context is fixed and restricted in templates/deployment.yaml. The chart's strategy
        // (maxUnavailable 1) stays: its required anti-affinity leaves a surge pod nowhere to go on a
        // two-node system group, so the pack exempts it from k8s-zero-downtime-rollout.
        // controller.env carries AWS_REGION (the chart's own commented example): with no region in its AWS
        // config, the controller asks instance metadata for it (aws/karpenter-provider-aws v1.8.1
        // pkg/operator/operator.go:100), which nodes at hop limit 1 no longer answer to pods.
        values: {
          settings: { clusterName: aws.clusterName, interruptionQueue: queue.name },
          serviceAccount: { name: SERVICE_ACCOUNT, annotations: irsaAnnotation(role) },
          replicas: config.replicas,
          podDisruptionBudget: { name: "karpenter", maxUnavailable: 1 },
          podSecurityContext: RESTRICTED_POD,
          controller: {
            resources: podResources(config.resources),
            image: { digest: digestValue(KARPENTER_IMAGES, "controller") },
            env: [{ name: "AWS_REGION", value: aws.region }],
          },
        },
      },
      this,
      args,
      [crds],
    );

    const nodeClass = new CustomResource(
      "node-class",
      {
        apiVersion: "karpenter.k8s.aws/v1",
        kind: "EC2NodeClass",
        metadata: { name: "default" },
        spec: {
          role: nodeRole.name,
          amiSelectorTerms: [{ alias: config.amiAlias }],
          subnetSelectorTerms: [{ tags: { "karpenter.sh/discovery": aws.clusterName } }],
          securityGroupSelectorTerms: [{ tags: { "karpenter.sh/discovery": aws.clusterName } }],
          metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 },
          tags: { "slipway.dev/stack": args.stack },
        },
      },
      { ...childOpts, dependsOn: [crds, accessEntry] },
    );
    new CustomResource(
      "node-pool",
      {
        apiVersion: "karpenter.sh/v1",
        kind: "NodePool",
        metadata: { name: "default" },
        spec: nodePoolSpec(config),
      },
      { ...childOpts, dependsOn: [crds, nodeClass] },
    );

    this.nodeRoleName = nodeRole.name;
    this.interruptionQueueName = queue.name;
    this.registerOutputs({ nodeRoleName: this.nodeRoleName, interruptionQueueName: this.interruptionQueueName });
  }
}
