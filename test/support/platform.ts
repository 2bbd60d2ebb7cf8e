/**
 * Views over a render for platform tests: Helm installs by name, their values, the IRSA trust and
 * policy of a role, and the dependencies of a resource by name.
 */
import type { RenderResult } from "../../tools/harness/render-stack";
import type { RailKind } from "../../config/chart-guard-rails";
import { CHART_RAILS } from "../../config/services";
import type { Registration } from "../../tools/harness/mock-engine";
import { eksCluster } from "./aws";
import { at, find, ofType, webApp, type ConfigObject } from "./stack";

export const H = {
  release: "kubernetes:helm.sh/v3:Release",
  chart: "kubernetes:helm.sh/v4:Chart",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  gateway: "kubernetes:gateway.networking.k8s.io/v1:Gateway",
  gatewayClass: "kubernetes:gateway.networking.k8s.io/v1:GatewayClass",
  certificate: "kubernetes:cert-manager.io/v1:Certificate",
  clusterIssuer: "kubernetes:cert-manager.io/v1:ClusterIssuer",
  podMonitor: "kubernetes:monitoring.coreos.com/v1:PodMonitor",
  nodePool: "kubernetes:karpenter.sh/v1:NodePool",
  nodeClass: "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass",
  secretStore: "kubernetes:external-secrets.io/v1:ClusterSecretStore",
} as const;

/** A Helm install (Release or Chart) by its Pulumi name. */
export function helm(result: RenderResult, name: string): Registration {
  const found = result.resources.find((r) => (r.type === H.release || r.type === H.chart) && r.name === name);
  if (!found) throw new Error(`no Helm install named ${name}`);
  return found;
}

export function helmInstalls(result: RenderResult): Registration[] {
  return [...ofType(result, H.release), ...ofType(result, H.chart)];
}

export function values(result: RenderResult, name: string): any {
  return helm(result, name).inputs.values;
}

/** The value at a dotted path of a Helm install's values. */
export function valueAt(result: RenderResult, install: string, path: string): any {
  return at(values(result, install), path);
}

export function hasHelm(result: RenderResult, name: string): boolean {
  return helmInstalls(result).some((r) => r.name === name);
}

/**
 * The chart value paths of one kind of guard-rail (config/services/<key>.ts, `chart.rails`), as [install, path],
 * for the charts the render installs.
 */
export function railed(result: RenderResult, kind: RailKind): Array<[string, string]> {
  return Object.values(CHART_RAILS).flatMap(({ install, rails }) =>
    hasHelm(result, install)
      ? Object.entries(rails)
          .filter(([, rail]) => rail.kind === kind)
          .map(([path]): [string, string] => [install, path])
      : [],
  );
}

export function trustPolicy(result: RenderResult, role: string): any {
  return JSON.parse(find(result, H.role, role).inputs.assumeRolePolicy as string);
}

export function rolePolicy(result: RenderResult, role: string): any {
  return JSON.parse(find(result, H.rolePolicy, role).inputs.policy as string);
}

/** The URN of a resource, for checking `options.dependsOn`. */
export function urn(result: RenderResult, type: string, name: string): string {
  return find(result, type, name).urn;
}

/** An EKS stack with one routed app per entry of `domains`, in the given tier, with platform overrides. */
export function platformStack(
  platform: ConfigObject = {},
  environment = "dev",
  domains: Record<string, string[]> = { shop: ["shop.example.com"] },
): ConfigObject {
  const apps = Object.fromEntries(Object.entries(domains).map(([app, d]) => [app, webApp({ domains: d })]));
  return { environment, cluster: eksCluster(), apps, platform };
}
