/**
 * How traffic reaches the `web` process: a ClusterIP Service and, for apps with domains, a Gateway API
 * HTTPRoute attached to the platform's shared Gateway (TLS terminates there).
 */
import * as pulumi from "@pulumi/pulumi";
import { Service } from "@pulumi/kubernetes/core/v1";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";

export interface RoutingArgs {
  app: string;
  namespace: pulumi.Input<string>;
  labels: Record<string, string>;
  selector: Record<string, string>;
  port: number;
  domains: string[];
  routable: boolean;
  gateway: { name: string; namespace: string };
}

export const SERVICE_PORT = 80;

export function createRouting(args: RoutingArgs, opts: pulumi.CustomResourceOptions): void {
  const metadata = { name: args.app, namespace: args.namespace, labels: args.labels };
  new Service(`${args.app}-web`, {
    metadata,
    spec: {
      type: "ClusterIP",
      selector: args.selector,
      ports: [{ name: "http", port: SERVICE_PORT, targetPort: "http", protocol: "TCP" }],
    },
  }, opts);

  if (!args.routable || args.domains.length === 0) return;
  new CustomResource(`${args.app}-route`, {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "HTTPRoute",
    metadata,
    spec: {
      parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: args.gateway.name, namespace: args.gateway.namespace }],
      hostnames: args.domains,
      rules: [{
        matches: [{ path: { type: "PathPrefix", value: "/" } }],
        backendRefs: [{ group: "", kind: "Service", name: args.app, port: SERVICE_PORT }],
      }],
    },
  }, opts);
}
