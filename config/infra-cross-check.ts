/**
 * Rules that tie the apps to the infrastructure sections (cluster, registry, artifacts), on the parsed
 * sections: this stack's own, or in an apps stack its platform stack's outputs (InfraView).
 */
import type { AppSettings } from "./app";
import type { ArtifactsConfig } from "./artifacts";
import type { ClusterConfig } from "./cluster";
import type { ConfigProblem } from "./errors";
import { effectiveRegistryMode, type RegistryMode } from "./registry";

interface Sections {
  apps: Record<string, AppSettings>;
  cluster: ClusterConfig;
  /** As parsed: without a mode, the cluster's mode chooses it (config/registry.ts). */
  registry: { mode?: RegistryMode; apps?: string[] };
  artifacts: ArtifactsConfig;
}

/** The registry and the artifact buckets against the cluster's mode. */
export function infrastructureProblems({ cluster, registry, artifacts }: Omit<Sections, "apps">): ConfigProblem[] {
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
  if (!onEks && Object.keys(artifacts.buckets).length > 0) {
    problems.push({
      key: "slipway:artifacts.buckets",
      message: "S3 buckets need AWS, but slipway:cluster.mode is not eks (remove them for this stack)",
    });
  }
  return problems;
}

/** The apps that get a repository are apps of this stack. */
export function registryAppProblems({ apps, registry }: Pick<Sections, "apps" | "registry">): ConfigProblem[] {
  return (registry.apps ?? []).flatMap((app, index) =>
    Object.hasOwn(apps, app)
      ? []
      : [{ key: `slipway:registry.apps[${index}]`, message: `no app named "${app}" in slipway:apps` }],
  );
}

/** What the app rules need from the infrastructure sections: this stack's, or its platform stack's. */
export interface InfraView {
  clusterMode: ClusterConfig["mode"];
  /** EKS node groups of both architectures: a build must say which it targets. */
  mixedArchitectures: boolean;
  registryMode?: RegistryMode;
  /** `slipway:registry.apps`, when the stack lists them. */
  registryApps?: string[];
  bucketKeys: string[];
}

function infraView({ cluster, registry, artifacts }: Sections): InfraView {
  const arches = new Set(cluster.mode === "eks" ? Object.values(cluster.nodeGroups).map((group) => group.arch) : []);
  return {
    clusterMode: cluster.mode,
    mixedArchitectures: arches.size > 1,
    registryMode: registry.mode,
    registryApps: registry.apps,
    bucketKeys: Object.keys(artifacts.buckets),
  };
}

/** What the app rules read of each app. */
type AppKeys = Pick<AppSettings, "image" | "build" | "aws">;

/** A build or an image without repository needs the app's own repository. */
function imageProblems(infra: InfraView, app: string, config: AppKeys): ConfigProblem[] {
  const key = `slipway:apps.${app}`;
  const { image, build } = config;
  // Neither or both is the app's own problem (config/app-exclusive-keys.ts).
  if ((image === undefined) === (build === undefined)) return [];
  const problems: ConfigProblem[] = [];
  if (build !== undefined && build.platform === undefined && infra.mixedArchitectures) {
    problems.push({
      key: `${key}.build.platform`,
      message: "expected linux/amd64 or linux/arm64: slipway:cluster.nodeGroups run both architectures",
    });
  }
  const needsRepository =
    build !== undefined ? `${key}.build` : image?.repository !== undefined ? undefined : `${key}.image`;
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

function awsProblems(infra: InfraView, app: string, config: AppKeys): ConfigProblem[] {
  const key = `slipway:apps.${app}`;
  const problems: ConfigProblem[] = [];
  if (config.aws === undefined) return problems;
  if (infra.clusterMode !== "eks") {
    problems.push({
      key: `${key}.aws`,
      message: "needs IAM roles for service accounts, which only slipway:cluster.mode eks provides",
    });
  }
  for (const bucket of Object.keys(config.aws.buckets).sort()) {
    if (!infra.bucketKeys.includes(bucket))
      problems.push({
        key: `${key}.aws.buckets.${bucket}`,
        message: `no bucket named "${bucket}" in slipway:artifacts.buckets`,
      });
  }
  return problems;
}

/** Each app's image and `aws` settings against the infrastructure that serves them. */
export function appInfraProblems(apps: Record<string, AppKeys>, infra: InfraView): ConfigProblem[] {
  return Object.keys(apps)
    .sort()
    .flatMap((app) => [...imageProblems(infra, app, apps[app]), ...awsProblems(infra, app, apps[app])]);
}

/** Each app's image and `aws` settings against this stack's own infrastructure. */
export function appsOnInfraProblems(sections: Sections): ConfigProblem[] {
  return appInfraProblems(sections.apps, infraView(sections));
}
