/** Registry, cluster, node and key hardening, checked on each resource's own inputs. */
import { validateResourceOfType, type ResourceValidationPolicy } from "@pulumi/policy";
import { LaunchTemplate } from "@pulumi/aws/ec2/launchTemplate";
import { Repository } from "@pulumi/aws/ecr/repository";
import { Cluster } from "@pulumi/aws/eks/cluster";
import { NodeGroup } from "@pulumi/aws/eks/nodeGroup";
import { Key } from "@pulumi/aws/kms/key";
import { opensToInternet } from "./lib/open-cidrs";

const ecrScanOnPush: ResourceValidationPolicy = {
  name: "ecr-scan-on-push",
  description: "ECR repositories scan every pushed image for vulnerabilities.",
  remediationSteps: "Set imageScanningConfiguration: { scanOnPush: true }.",
  validateResource: validateResourceOfType(Repository, (repo, args, reportViolation) => {
    if (repo.imageScanningConfiguration?.scanOnPush !== true)
      reportViolation(`repository ${args.name}: scanOnPush is not true`);
  }),
};

const ecrImmutableTags: ResourceValidationPolicy = {
  name: "ecr-immutable-tags",
  description: "ECR repositories have immutable tags, so a deployed tag always means the same image.",
  remediationSteps: 'Set imageTagMutability: "IMMUTABLE".',
  validateResource: validateResourceOfType(Repository, (repo, args, reportViolation) => {
    if (repo.imageTagMutability !== "IMMUTABLE")
      reportViolation(
        `repository ${args.name}: imageTagMutability is ${repo.imageTagMutability ?? "MUTABLE (default)"}`,
      );
  }),
};

/** The control-plane logs an incident review needs at least. */
const REQUIRED_LOG_TYPES = ["api", "audit", "authenticator"];

const eksLogging: ResourceValidationPolicy = {
  name: "eks-control-plane-logging",
  description: "EKS clusters send control-plane logs (api, audit, authenticator at least) to CloudWatch.",
  remediationSteps: "List the log types in enabledClusterLogTypes.",
  configSchema: {
    properties: { requiredLogTypes: { type: "array", items: { type: "string" }, default: REQUIRED_LOG_TYPES } },
  },
  validateResource: validateResourceOfType(Cluster, (cluster, args, reportViolation) => {
    const required = args.getConfig<{ requiredLogTypes?: string[] }>().requiredLogTypes ?? REQUIRED_LOG_TYPES;
    const missing = required.filter((type) => !(cluster.enabledClusterLogTypes ?? []).includes(type));
    if (missing.length > 0)
      reportViolation(`cluster ${args.name}: control-plane logs not enabled: ${missing.join(", ")}`);
  }),
};

const eksSecretsEncryption: ResourceValidationPolicy = {
  name: "eks-secrets-encryption",
  description: "EKS clusters encrypt Kubernetes Secrets with a KMS key (envelope encryption).",
  remediationSteps: 'Set encryptionConfig: { resources: ["secrets"], provider: { keyArn } } with a rotating KMS key.',
  validateResource: validateResourceOfType(Cluster, (cluster, args, reportViolation) => {
    const config = cluster.encryptionConfig;
    if (!config?.resources?.includes("secrets") || !config.provider?.keyArn) {
      reportViolation(`cluster ${args.name}: Kubernetes Secrets are not envelope-encrypted with a KMS key`);
    }
  }),
};

const eksRestrictedEndpoint: ResourceValidationPolicy = {
  name: "eks-restricted-endpoint",
  description:
    "EKS API endpoints are private, with the public endpoint off or limited to listed CIDRs covering at most a /16 in total.",
  remediationSteps:
    "Set vpcConfig.endpointPrivateAccess: true and either endpointPublicAccess: false or publicAccessCidrs to your networks.",
  validateResource: validateResourceOfType(Cluster, (cluster, args, reportViolation) => {
    const vpc = cluster.vpcConfig ?? {};
    if (vpc.endpointPrivateAccess !== true) reportViolation(`cluster ${args.name}: endpointPrivateAccess is not true`);
    // AWS defaults: public endpoint on, open to 0.0.0.0/0.
    if (vpc.endpointPublicAccess === false) return;
    const cidrs = vpc.publicAccessCidrs ?? [];
    if (cidrs.length === 0 || opensToInternet(cidrs)) {
      reportViolation(
        `cluster ${args.name}: public endpoint is open to the internet; restrict publicAccessCidrs or turn it off`,
      );
    }
  }),
};

/** One hop: the node reaches instance metadata, a pod in its own network namespace (one hop more) does not. */
const MAX_HOP_LIMIT = 1;
const EC2_NODE_CLASS = "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass";

const imdsv2: ResourceValidationPolicy = {
  name: "ec2-imdsv2-required",
  description:
    "Nodes require IMDSv2 (session tokens) with a hop limit of 1, so a pod can neither steal the node's role through a simple SSRF nor reach instance metadata at all.",
  remediationSteps:
    'Give node groups a launch template with metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 }, and Karpenter EC2NodeClasses the same metadataOptions.',
  validateResource: [
    validateResourceOfType(LaunchTemplate, (template, args, reportViolation) => {
      const options = template.metadataOptions;
      if (options?.httpTokens !== "required")
        reportViolation(`launch template ${args.name}: metadataOptions.httpTokens is not "required"`);
      // Unset, EC2 falls back to the AMI's or the account's default, which may be higher: it must be explicit.
      const hops = options?.httpPutResponseHopLimit;
      if (hops === undefined || hops > MAX_HOP_LIMIT)
        reportViolation(
          `launch template ${args.name}: metadataOptions.httpPutResponseHopLimit is ${hops ?? "unset"}, not ${MAX_HOP_LIMIT}: pods could reach instance metadata and the node role`,
        );
    }),
    validateResourceOfType(NodeGroup, (group, args, reportViolation) => {
      if (!group.launchTemplate)
        reportViolation(`node group ${args.name}: has no launch template, so IMDSv2 is not required on its nodes`);
    }),
    (args, reportViolation) => {
      if (args.type !== EC2_NODE_CLASS) return;
      // Karpenter's default when metadataOptions is unset is { httpTokens: required, httpPutResponseHopLimit: 1 }
      // (aws/karpenter-provider-aws v1.8.1 pkg/apis/crds/karpenter.k8s.aws_ec2nodeclasses.yaml).
      const options = (args.props.spec?.metadataOptions ?? {}) as {
        httpTokens?: string;
        httpPutResponseHopLimit?: number;
      };
      if ((options.httpTokens ?? "required") !== "required")
        reportViolation(`EC2NodeClass ${args.name}: spec.metadataOptions.httpTokens is not "required"`);
      if ((options.httpPutResponseHopLimit ?? MAX_HOP_LIMIT) > MAX_HOP_LIMIT)
        reportViolation(
          `EC2NodeClass ${args.name}: spec.metadataOptions.httpPutResponseHopLimit is ${options.httpPutResponseHopLimit}, not ${MAX_HOP_LIMIT}: pods could reach instance metadata and the node role`,
        );
    },
  ],
};

const kmsRotation: ResourceValidationPolicy = {
  name: "kms-key-rotation",
  description: "Symmetric KMS keys rotate their key material automatically.",
  remediationSteps: "Set enableKeyRotation: true.",
  validateResource: validateResourceOfType(Key, (key, args, reportViolation) => {
    const symmetric = (key.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT") === "SYMMETRIC_DEFAULT";
    if (symmetric && key.enableKeyRotation !== true) reportViolation(`key ${args.name}: enableKeyRotation is not true`);
  }),
};

export const awsServicePolicies: ResourceValidationPolicy[] = [
  ecrScanOnPush,
  ecrImmutableTags,
  eksLogging,
  eksSecretsEncryption,
  eksRestrictedEndpoint,
  imdsv2,
  kmsRotation,
];
