/**
 * Rules that tie the apps to the infrastructure sections (cluster, registry, artifacts). Like
 * cross-check.ts they read raw values defensively, so they report alongside per-field errors.
 */
import type { ConfigProblem } from "./errors";
import { effectiveRegistryMode } from "./registry";
import { record } from "./raw";

function infrastructureProblems(raw: Record<string, unknown>): ConfigProblem[] {
  const cluster = record(raw.cluster);
  const registry = record(raw.registry);
  const buckets = record(record(raw.artifacts).buckets);
  const network = record(cluster.network);
  const problems: ConfigProblem[] = [];
  const onEks = cluster.mode === "eks";

  if (!onEks && registry.mode === "ecr") {
    problems.push({
      key: "slipway:registry.mode",
      message: "ecr needs AWS, but slipway:cluster.mode is not eks (use local or off)",
    });
  }
  if (onEks && registry.mode === "local") {
    problems.push({
      key: "slipway:registry.mode",
      message: "local serves a laptop cluster, but slipway:cluster.mode is eks (use ecr or off)",
    });
  }
  if (!onEks && Object.keys(buckets).length > 0) {
    problems.push({
      key: "slipway:artifacts.buckets",
      message: "S3 buckets need AWS, but slipway:cluster.mode is not eks (remove them for this stack)",
    });
  }
  if ("existingVpc" in network) {
    for (const key of ["cidr", "availabilityZones", "natGateways", "flowLogs"].filter((k) => k in network)) {
      problems.push({
        key: `slipway:cluster.network.${key}`,
        message: "belongs to the VPC's owner when slipway:cluster.network.existingVpc is set; remove one of them",
      });
    }
  }
  const apps = record(raw.apps);
  if (Array.isArray(registry.apps)) {
    registry.apps.forEach((app, index) => {
      if (typeof app === "string" && !Object.hasOwn(apps, app))
        problems.push({ key: `slipway:registry.apps[${index}]`, message: `no app named "${app}" in slipway:apps` });
    });
  }
  return problems;
}

/** What the app rules need from the infrastructure sections: this stack's, or its platform stack's. */
export interface InfraView {
  clusterMode: unknown;
  /** EKS node groups of both architectures: a build must say which it targets. */
  mixedArchitectures: boolean;
  registryMode: unknown;
  /** `slipway:registry.apps`, when the stack lists them. */
  registryApps?: unknown[];
  bucketKeys: string[];
}

function infraView(raw: Record<string, unknown>): InfraView {
  const cluster = record(raw.cluster);
  const registry = record(raw.registry);
  const arches = new Set(Object.values(record(cluster.nodeGroups)).map((group) => record(group).arch ?? "amd64"));
  return {
    clusterMode: cluster.mode,
    mixedArchitectures: cluster.mode === "eks" && arches.size > 1,
    registryMode: registry.mode,
    registryApps: Array.isArray(registry.apps) ? registry.apps : undefined,
    bucketKeys: Object.keys(record(record(raw.artifacts).buckets)),
  };
}

/** An app runs an image or a build; a build or an image without repository needs the app's own repository. */
function imageProblems(infra: InfraView, app: string, config: Record<string, unknown>): ConfigProblem[] {
  const key = `slipway:apps.${app}`;
  const { image, build } = config;
  if (image === undefined && build === undefined)
    return [{ key: `${key}.image`, message: "expected an image or a build" }];
  if (image !== undefined && build !== undefined) {
    return [{ key: `${key}.build`, message: `expected either build or image, not both (${key}.image is also set)` }];
  }
  const problems: ConfigProblem[] = [];
  if (build !== undefined && !("platform" in record(build)) && infra.mixedArchitectures) {
    problems.push({
      key: `${key}.build.platform`,
      message: "expected linux/amd64 or linux/arm64: slipway:cluster.nodeGroups run both architectures",
    });
  }
  const needsRepository =
    build !== undefined ? `${key}.build` : "repository" in record(image) ? undefined : `${key}.image`;
  if (needsRepository && effectiveRegistryMode(infra.registryMode, infra.clusterMode) === "off") {
    problems.push({
      key: needsRepository,
      message:
        "needs the app's own registry repository, but no registry is configured (slipway:registry.mode is off); give image.repository",
    });
  } else if (needsRepository && infra.registryApps && !infra.registryApps.includes(app)) {
    problems.push({
      key: needsRepository,
      message: `needs the app's own registry repository: add "${app}" to slipway:registry.apps`,
    });
  }
  return problems;
}

function awsProblems(infra: InfraView, app: string, config: Record<string, unknown>): ConfigProblem[] {
  const key = `slipway:apps.${app}`;
  const problems: ConfigProblem[] = [];
  if (config.aws === undefined) return problems;
  if (infra.clusterMode !== "eks") {
    problems.push({
      key: `${key}.aws`,
      message: "needs IAM roles for service accounts, which only slipway:cluster.mode eks provides",
    });
  }
  if (record(config.serviceAccount).iamRoleArn !== undefined) {
    problems.push({
      key: `${key}.aws`,
      message: `expected either aws or serviceAccount.iamRoleArn, not both (${key}.serviceAccount.iamRoleArn is also set)`,
    });
  }
  for (const bucket of Object.keys(record(record(config.aws).buckets)).sort()) {
    if (!infra.bucketKeys.includes(bucket))
      problems.push({
        key: `${key}.aws.buckets.${bucket}`,
        message: `no bucket named "${bucket}" in slipway:artifacts.buckets`,
      });
  }
  return problems;
}

/** Each app's image and `aws` settings against the infrastructure that serves them. */
export function appInfraProblems(apps: Record<string, unknown>, infra: InfraView): ConfigProblem[] {
  return Object.keys(apps)
    .sort()
    .flatMap((app) => [...imageProblems(infra, app, record(apps[app])), ...awsProblems(infra, app, record(apps[app]))]);
}

export function infraCrossCheck(raw: Record<string, unknown>): ConfigProblem[] {
  return [...infrastructureProblems(raw), ...appInfraProblems(record(raw.apps), infraView(raw))];
}
