/**
 * Deny ingress by default; admit traffic from inside the app's namespace, and from the router's
 * namespace to the `web` pods' HTTP port only.
 */
import * as pulumi from "@pulumi/pulumi";
import { NetworkPolicy } from "@pulumi/kubernetes/networking/v1";

export interface NetworkPolicyArgs {
  app: string;
  namespace: pulumi.Input<string>;
  labels: Record<string, string>;
  webSelector?: Record<string, string>;
  port: number;
  routerNamespace: string;
}

export function createNetworkPolicies(args: NetworkPolicyArgs, opts: pulumi.CustomResourceOptions): void {
  const meta = (name: string) => ({ name, namespace: args.namespace, labels: args.labels });
  new NetworkPolicy(
    `${args.app}-default-deny`,
    {
      metadata: meta("default-deny-ingress"),
      spec: { podSelector: {}, policyTypes: ["Ingress"] },
    },
    opts,
  );
  new NetworkPolicy(
    `${args.app}-same-namespace`,
    {
      metadata: meta("allow-same-namespace"),
      spec: { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ from: [{ podSelector: {} }] }] },
    },
    opts,
  );
  if (!args.webSelector) return;
  new NetworkPolicy(
    `${args.app}-from-router`,
    {
      metadata: meta("allow-from-router"),
      spec: {
        podSelector: { matchLabels: args.webSelector },
        policyTypes: ["Ingress"],
        ingress: [
          {
            from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": args.routerNamespace } } }],
            ports: [{ protocol: "TCP", port: args.port }],
          },
        ],
      },
    },
    opts,
  );
}
