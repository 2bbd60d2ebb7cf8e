/**
 * Hand-built registrations for policy tests, shaped as the mock engine records them, and a runner that
 * evaluates one named policy through the same evaluator the render uses.
 */
import { policies } from "../../policy/policies";
import type { Registration } from "../../tools/harness/mock-engine";
import { evaluatePolicies, type Verdict } from "../../tools/harness/policy-eval";

export const K = {
  deployment: "kubernetes:apps/v1:Deployment",
  statefulSet: "kubernetes:apps/v1:StatefulSet",
  cronJob: "kubernetes:batch/v1:CronJob",
  pod: "kubernetes:core/v1:Pod",
  configMap: "kubernetes:core/v1:ConfigMap",
  rollout: "kubernetes:argoproj.io/v1alpha1:Rollout",
  analysisTemplate: "kubernetes:argoproj.io/v1alpha1:AnalysisTemplate",
  hpa: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
  pdb: "kubernetes:policy/v1:PodDisruptionBudget",
} as const;

export const A = {
  bucket: "aws:s3/bucket:Bucket",
  bucketV2: "aws:s3/bucketV2:BucketV2",
  versioning: "aws:s3/bucketVersioning:BucketVersioning",
  versioningV2: "aws:s3/bucketVersioningV2:BucketVersioningV2",
  encryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  encryptionV2: "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
  publicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
  repository: "aws:ecr/repository:Repository",
  cluster: "aws:eks/cluster:Cluster",
  nodeGroup: "aws:eks/nodeGroup:NodeGroup",
  launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
  key: "aws:kms/key:Key",
  dbInstance: "aws:rds/instance:Instance",
} as const;

export function urnOf(type: string, name: string): string {
  return `urn:pulumi:test::slipway::${type}::${name}`;
}

export interface Extra {
  protect?: boolean;
  secretPaths?: Registration["secretPaths"];
  propertyDependencies?: Record<string, string[]>;
  parent?: string;
}

export function resource(type: string, name: string, inputs: Record<string, unknown>, extra: Extra = {}): Registration {
  return {
    urn: urnOf(type, name),
    type,
    name,
    parent: extra.parent,
    custom: true,
    inputs,
    secretPaths: extra.secretPaths ?? [],
    propertyDependencies: extra.propertyDependencies ?? {},
    options: {
      protect: extra.protect ?? false,
      retainOnDelete: false,
      dependsOn: [],
      ignoreChanges: [],
      deleteBeforeReplace: false,
    },
  };
}

/** Verdicts of one policy, with the enforcement levels of `environment`. */
export function check(policyName: string, resources: Registration[], environment = "prod"): Promise<Verdict[]> {
  const selected = policies.filter((p) => p.name === policyName);
  if (selected.length !== 1) throw new Error(`no policy named ${policyName}`);
  return evaluatePolicies(resources, environment, { policies: selected });
}

/** A container that passes every pod policy; tests break one thing at a time. */
export function goodContainer(): Record<string, any> {
  return {
    name: "web",
    image: "ghcr.io/acme/web:1.0.0",
    ports: [{ name: "http", containerPort: 8080 }],
    resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "1", memory: "256Mi" } },
    readinessProbe: { httpGet: { path: "/healthz", port: "http" } },
    livenessProbe: { httpGet: { path: "/healthz", port: "http" } },
    securityContext: {
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
    },
  };
}

export function podSpec(container = goodContainer()): Record<string, any> {
  return { securityContext: { runAsNonRoot: true, runAsUser: 10001 }, containers: [container] };
}

export function deploymentInputs(name = "web", spec = podSpec()): Record<string, any> {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "shop" },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: "25%" } },
      template: { metadata: { labels: { app: name, tier: "web" } }, spec },
    },
  };
}

export function deployment(name = "web", spec = podSpec()): Registration {
  return resource(K.deployment, name, deploymentInputs(name, spec));
}

/** A Deployment whose first container is changed by `edit`. */
export function deploymentWith(
  edit: (container: Record<string, any>, spec: Record<string, any>) => void,
): Registration {
  const container = goodContainer();
  const spec = podSpec(container);
  edit(container, spec);
  return deployment("web", spec);
}
