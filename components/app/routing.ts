/**
 * How traffic reaches the `web` process: ClusterIP Services and, for apps with domains, a Gateway
 * API HTTPRoute attached to the platform's shared Gateway (TLS terminates there): to each shard that
 * serves one of its domains (config/gateway-shards.ts), so a route may have several parentRefs.
 *
 * The `<app>` Service is the app's in-cluster address in every strategy and is never handed to Argo
 * Rollouts (whose selector pinning would outlive a switch back to rolling). The HTTPRoute points at
 * `<app>` when rolling, at the stable and canary Services (weights owned by the traffic-router plugin
 * once created) for a canary, at the active Service for blue/green.
 */
import type * as pulumi from "@pulumi/pulumi";
import { Service } from "@pulumi/kubernetes/core/v1";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import type { PlatformConfig } from "../../config/types";
import { routeGateways } from "../../config/gateway-shards";
import type { RouteRule } from "./rollout-strategy";

export const SERVICE_PORT = 80;
/** The label the traffic-router plugin puts on the HTTPRoute while a canary is in progress. */
const PLUGIN_ROUTE_LABEL = "rollouts.argoproj.io/gatewayapi-canary";

export interface ServiceArgs {
  /** Pulumi resource name; defaults to the Service's name. */
  resource?: string;
  name: string;
  namespace: pulumi.Input<string>;
  labels: Record<string, string>;
  selector: Record<string, string>;
  /** Argo Rollouts adds the revision it serves to this Service's selector. */
  steeredByRollout?: boolean;
}

export function createService(args: ServiceArgs, opts: pulumi.CustomResourceOptions): Service {
  return new Service(
    args.resource ?? args.name,
    {
      metadata: { name: args.name, namespace: args.namespace, labels: args.labels },
      spec: {
        type: "ClusterIP",
        selector: args.selector,
        ports: [{ name: "http", port: SERVICE_PORT, targetPort: "http", protocol: "TCP" }],
      },
    },
    args.steeredByRollout ? { ...opts, ignoreChanges: ["spec.selector"] } : opts,
  );
}

export interface RouteArgs {
  app: string;
  namespace: pulumi.Input<string>;
  labels: Record<string, string>;
  domains: string[];
  gateway: PlatformConfig["gateway"];
  rules: RouteRule[];
}

/** The Gateways a route attaches to: the platform's shards of its domains' listeners. */
function parentRefs(args: RouteArgs) {
  return routeGateways(args.domains, args.gateway).map((name) => ({
    group: "gateway.networking.k8s.io",
    kind: "Gateway",
    name,
    namespace: args.gateway.namespace,
  }));
}

function weightPaths(rules: RouteRule[]): string[] {
  return rules.flatMap((rule, i) =>
    rule.backends.flatMap((b, j) => (b.weight === undefined ? [] : [`spec.rules[${i}].backendRefs[${j}].weight`])),
  );
}

export function createRoute(args: RouteArgs, opts: pulumi.CustomResourceOptions): CustomResource {
  const weights = weightPaths(args.rules);
  return new CustomResource(
    `${args.app}-route`,
    {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "HTTPRoute",
      metadata: { name: args.app, namespace: args.namespace, labels: args.labels },
      spec: {
        parentRefs: parentRefs(args),
        hostnames: args.domains,
        rules: args.rules.map((rule) => ({
          matches: [
            {
              path: { type: "PathPrefix", value: "/" },
              ...(rule.header ? { headers: [{ type: "Exact", ...rule.header }] } : {}),
            },
          ],
          backendRefs: rule.backends.map((b) => ({
            group: "",
            kind: "Service",
            name: b.service,
            port: SERVICE_PORT,
            weight: b.weight,
          })),
        })),
      },
    },
    {
      ...opts,
      // The plugin moves the weights and labels the route during a canary; Pulumi must not undo that.
      ignoreChanges: weights.length > 0 ? [...weights, `metadata.labels["${PLUGIN_ROUTE_LABEL}"]`] : [],
    },
  );
}
