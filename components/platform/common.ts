/**
 * What every platform service shares: the arguments it receives, its labelled namespace, pinned Helm
 * installs (as a Helm release or as rendered objects) and the HA values a tier asks for.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Provider } from "@pulumi/kubernetes/provider";
import { Namespace } from "@pulumi/kubernetes/core/v1";
import { Release } from "@pulumi/kubernetes/helm/v3";
import { Chart } from "@pulumi/kubernetes/helm/v4";
import { ServiceAccountRole, type PolicyStatement } from "../iam";
import type { ChartPin } from "./charts";
import { createNamespacePolicies, type Admission } from "./namespace-policies";
import type { ChartService } from "../../config/services";
import { mergeChartValues, type ChartValues } from "../../config/chart-values";
import { unsetRails } from "../../config/chart-values-check";
import { platformPodSecurityLabels } from "./pod-security";

export interface ServiceArgs {
  provider: Provider;
  stack: string;
  environment: string;
  /** The Pod Security Standards version namespaces pin (config/cluster.ts podSecurityVersion). */
  podSecurityVersion: string;
  /** The router's namespace (slipway:platform.gateway.namespace): services it calls admit it. */
  routerNamespaceName: string;
  /** Where AWS resources live and the identity IRSA roles trust; present on EKS only. */
  aws?: AwsContext;
  /**
   * The chart values that run this service's unpinned images by the digests they resolved to at
   * preview (image-resolution.ts resolvedImageValues, over its installer's `images`).
   */
  imageValues: ChartValues[];
  /** Who may call this service's namespace: its installer's `ingress` (namespace-policies.ts). */
  ingress: readonly Admission[];
}

export interface AwsContext {
  partition: pulumi.Output<string>;
  region: pulumi.Output<string>;
  accountId: pulumi.Output<string>;
  /** Plain text: IAM condition keys and queue names are built from it. */
  clusterName: string;
  /** The cluster's IAM OIDC provider: services that call AWS get IRSA roles trusting it. */
  oidc: { providerArn: pulumi.Input<string>; issuer: pulumi.Input<string> };
  /** The EKS cluster security group, which every node carries; present when Slipway built the cluster. */
  clusterSecurityGroupId?: pulumi.Input<string>;
}

/** The AWS context, or an error naming the service that needs it. */
export function requireAws(args: ServiceArgs, service: string): AwsContext {
  if (!args.aws)
    throw new Error(`${service}: needs AWS (an EKS cluster with an OIDC identity), but the cluster mode is existing`);
  return args.aws;
}

export function platformLabels(
  args: Pick<ServiceArgs, "stack" | "environment">,
  service: string,
): Record<string, string> {
  return {
    "app.kubernetes.io/part-of": "slipway-platform",
    "app.kubernetes.io/component": service,
    "app.kubernetes.io/managed-by": "pulumi",
    "slipway.dev/stack": args.stack,
    "slipway.dev/environment": args.environment,
  };
}

/** A service's namespace, with the NetworkPolicies that admit only what the service is called for. */
export function createNamespace(parent: pulumi.Resource, args: ServiceArgs, service: string, name: string): Namespace {
  const labels = platformLabels(args, service);
  const namespace = new Namespace(
    `${service}-ns`,
    { metadata: { name, labels: { ...labels, ...platformPodSecurityLabels(name, args.podSecurityVersion) } } },
    { parent, provider: args.provider },
  );
  createNamespacePolicies(
    {
      component: service,
      ingress: args.ingress,
      namespace: namespace.metadata.name,
      labels,
      routerNamespace: args.routerNamespaceName,
    },
    { parent, provider: args.provider, dependsOn: [namespace] },
  );
  return namespace;
}

export interface InstallArgs {
  pin: ChartPin;
  /** Helm release name: fixed, so object names derived from it are deterministic. */
  releaseName: string;
  namespace: Namespace;
  values: pulumi.Inputs;
  /** The platform team's values for this chart (`slipway:platform.<service>.values`), layered over `values`. */
  extra?: { service: ChartService; values: ChartValues };
  skipCrds?: boolean;
}

/**
 * Slipway's values (with the service's images resolved at preview) and the platform team's layered over
 * them. The config check refused every extra value that overlaps a path its service guards
 * (config/services/<key>.ts, `chart.rails`); a guarded path the component no longer sets would leave
 * that check guarding nothing, so the install stops (every render meets this).
 */
function installValues(install: InstallArgs, imageValues: ChartValues[]): pulumi.Inputs {
  if (!install.extra) return install.values;
  const { service } = install.extra;
  const own = imageValues.reduce(mergeChartValues, install.values);
  const unset = unsetRails(service, own);
  if (unset.length > 0)
    throw new Error(
      `${install.releaseName}: the guard-rails of ${service} (config/services) hold ${unset.join(", ")}, which the component does not set`,
    );
  return mergeChartValues(own, install.extra.values);
}

/** What a Release and a Chart are both given: the pinned chart, its namespace and values. */
function chartArgs(install: InstallArgs, imageValues: ChartValues[]) {
  const { pin } = install;
  return {
    name: install.releaseName,
    ...(pin.repo ? { chart: pin.chart, repositoryOpts: { repo: pin.repo } } : { chart: pin.chart }),
    version: pin.version,
    namespace: install.namespace.metadata.name,
    values: installValues(install, imageValues),
    skipCrds: install.skipCrds,
  };
}

/** A Helm release: hooks run and Helm keeps history; Pulumi waits for its objects to be ready. */
export function helmRelease(
  name: string,
  install: InstallArgs,
  parent: pulumi.Resource,
  args: ServiceArgs,
  dependsOn: pulumi.Resource[] = [],
): Release {
  return new Release(
    name,
    {
      ...chartArgs(install, args.imageValues),
      atomic: false,
      cleanupOnFail: true,
      maxHistory: 10,
      timeout: 600,
    },
    { parent, provider: args.provider, dependsOn: [install.namespace, ...dependsOn] },
  );
}

/** The chart rendered into individual objects, each visible to previews and policies (hooks are skipped). */
export function helmChart(
  name: string,
  install: InstallArgs,
  parent: pulumi.Resource,
  args: ServiceArgs,
  dependsOn: pulumi.Resource[] = [],
): Chart {
  return new Chart(name, chartArgs(install, args.imageValues), {
    parent,
    provider: args.provider,
    dependsOn: [install.namespace, ...dependsOn],
  });
}

/** An IRSA role for exactly one service account; throws where the cluster has no OIDC identity. */
export function irsaRole(
  parent: pulumi.Resource,
  args: ServiceArgs,
  name: string,
  namespace: string,
  serviceAccount: string,
  statements: PolicyStatement[],
): ServiceAccountRole {
  return new ServiceAccountRole(
    name,
    {
      oidc: requireAws(args, name).oidc,
      namespace,
      serviceAccount,
      statements,
      tags: { "slipway.dev/stack": args.stack, "slipway.dev/service": name },
    },
    { parent },
  );
}

export function irsaAnnotation(role: ServiceAccountRole): Record<string, pulumi.Output<string>> {
  return { "eks.amazonaws.com/role-arn": role.roleArn };
}

/** A CPU quantity ("250m", "0.5", "2") in millicores. */
function millicores(cpu: string): number {
  return cpu.endsWith("m") ? Number(cpu.slice(0, -1)) : Math.round(Number(cpu) * 1000);
}

/**
 * Requests and limits on every container (k8s-resources-set). The memory limit equals the request so a
 * leak cannot starve the node; the CPU limit is 4× the request: room for a controller's resync bursts,
 * but a runaway loop cannot take a node's CPU.
 */
export function podResources(requests: { cpu: string; memory: string }) {
  return {
    requests: { cpu: requests.cpu, memory: requests.memory },
    limits: { cpu: `${millicores(requests.cpu) * 4}m`, memory: requests.memory },
  };
}

/**
 * A container that passes the pack's pod-hardening policies: non-root, no escalation, no capabilities,
 * read-only root filesystem. Helm merges it over the chart's default, so a chart's runAsUser stays.
 */
export const RESTRICTED_CONTAINER = {
  runAsNonRoot: true,
  privileged: false,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ["ALL"] },
  seccompProfile: { type: "RuntimeDefault" },
};

/** The pod-level half: the kubelet refuses to start any container as root. */
export const RESTRICTED_POD = { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } };

/** A rolling update that adds the new pod before removing an old one (k8s-zero-downtime-rollout). */
export const SURGE_UPDATE = { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } };

/** Spread replicas across zones, best effort, for charts that take `topologySpreadConstraints`. */
export function zoneSpread(matchLabels: Record<string, string>) {
  return [
    {
      maxSkew: 1,
      topologyKey: "topology.kubernetes.io/zone",
      whenUnsatisfiable: "ScheduleAnyway",
      labelSelector: { matchLabels },
    },
  ];
}
