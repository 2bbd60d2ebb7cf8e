/**
 * An app's NetworkPolicies. Ingress: denied by default; admitted from inside the app's namespace, from
 * the router's namespace to the `web` pods' HTTP port, and from the namespaces of the apps that name
 * this one in `network.dependsOn`. Egress (`network.egress: restricted`, the default): denied by
 * default; admitted to DNS, the app's own namespace, its dependencies' web ports, the router's entry
 * points, and HTTPS to addresses outside private networks, so a compromised pod cannot reach the
 * platform's services, other tenants, or the node's instance metadata; the release check's pods also
 * reach the API server. `open` declares no egress policy.
 */
import * as pulumi from "@pulumi/pulumi";
import { NetworkPolicy } from "@pulumi/kubernetes/networking/v1";
import type * as inputs from "@pulumi/kubernetes/types/input";
import type { AppConnections } from "../../config/app-network";
import { ENTRYPOINT_PORTS } from "../platform/services/router-listeners";
import { ROLLOUT_CHECK_COMPONENT } from "./rollout-check";

export interface NetworkPolicyArgs {
  app: string;
  namespace: pulumi.Input<string>;
  labels: Record<string, string>;
  webSelector?: Record<string, string>;
  port: number;
  routerNamespace: string;
  egress: "restricted" | "open";
  /** Whether the app has a release check: a `web` process released by a Rollout (rollout-check.ts). */
  releaseCheck: boolean;
  /** Whether the app's pods mount their API token (`serviceAccount.automountToken`), so call the API server. */
  callsApiServer: boolean;
  connections: AppConnections;
  /** The web pods' selector of another app of the stack (a dependency). */
  webSelectorOf: (app: string) => Record<string, string>;
}

type Spec = inputs.networking.v1.NetworkPolicySpec;

/** A namespace by its name: the API server labels every namespace with it (Kubernetes ≥ 1.22). */
const namespaceNamed = (name: string) => ({
  namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": name } },
});

/** Cluster DNS (CoreDNS, whose Service is kube-dns) lives in kube-system on port 53. */
const DNS_NAMESPACE = "kube-system";

/**
 * Private and link-local ranges: the VPC and its pods (RFC 1918, and 100.64.0.0/10 that EKS custom
 * networking uses for pods), and 169.254.0.0/16 where instance metadata and the EKS Pod Identity agent
 * answer. HTTPS elsewhere reaches AWS's public endpoints (STS for IRSA, S3 through the VPC's gateway
 * endpoint, which keeps S3's public addresses) and any public API the app calls.
 */
const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16"];

/** The policy that lets the release check (rollout-check.ts) reach the API server; its Job waits for it. */
export const RELEASE_CHECK_EGRESS = "allow-egress-rollout-check-to-api-server";
/** The policy that lets every pod of an app that mounts its API token reach the API server. */
const API_SERVER_EGRESS = "allow-egress-api-server";

/**
 * The release check watches its Rollout through the API server, at the `kubernetes` Service's
 * ClusterIP (on EKS the first address of 10.100.0.0/16 or 172.20.0.0/16, inside PRIVATE_RANGES). The
 * VPC CNI's agent filters egress on the packet's own destination, that ClusterIP, before kube-proxy
 * translates it (vpc-cni v1.19.6 runs node agent v1.2.2: aws/amazon-vpc-cni-k8s v1.19.6
 * charts/aws-vpc-cni/values.yaml; aws/aws-network-policy-agent v1.2.2 pkg/ebpf/c/tc.v4egress.bpf.c
 * reads `ip->daddr`). An ipBlock admits only its own range, and a Service's ClusterIP is added only for
 * a Service whose selector matches a podSelector peer (aws/amazon-network-policy-controller-k8s v1.1.7,
 * pkg/resolvers/endpoints.go computeEgressEndpoints), which `kubernetes`, with no selector, never does.
 * So these pods get HTTPS to any address; they run only the pinned CLI image with Slipway's arguments.
 * An app that mounts its token asked to call the API server, so all its pods get the same.
 */
const apiServerEgress = (podSelector: inputs.meta.v1.LabelSelector): Spec => ({
  podSelector,
  policyTypes: ["Egress"],
  egress: [{ ports: [{ protocol: "TCP", port: 443 }] }],
});

function egressRules(args: NetworkPolicyArgs): Record<string, Spec> {
  const egress = (rules: inputs.networking.v1.NetworkPolicyEgressRule[]): Spec => ({
    podSelector: {},
    policyTypes: ["Egress"],
    egress: rules,
  });
  const dependencies = args.connections.dependencies;
  return {
    "default-deny-egress": { podSelector: {}, policyTypes: ["Egress"] },
    "allow-egress-dns": egress([
      {
        to: [namespaceNamed(DNS_NAMESPACE)],
        ports: [
          { protocol: "UDP", port: 53 },
          { protocol: "TCP", port: 53 },
        ],
      },
    ]),
    "allow-egress-same-namespace": egress([{ to: [{ podSelector: {} }] }]),
    "allow-egress-to-router": egress([
      {
        to: [namespaceNamed(args.routerNamespace)],
        ports: [
          { protocol: "TCP", port: ENTRYPOINT_PORTS.http },
          { protocol: "TCP", port: ENTRYPOINT_PORTS.https },
        ],
      },
    ]),
    "allow-egress-https-outside": egress([
      { to: [{ ipBlock: { cidr: "0.0.0.0/0", except: PRIVATE_RANGES } }], ports: [{ protocol: "TCP", port: 443 }] },
    ]),
    ...(args.releaseCheck
      ? {
          [RELEASE_CHECK_EGRESS]: apiServerEgress({
            matchLabels: { "app.kubernetes.io/component": ROLLOUT_CHECK_COMPONENT },
          }),
        }
      : {}),
    ...(args.callsApiServer ? { [API_SERVER_EGRESS]: apiServerEgress({}) } : {}),
    ...(dependencies.length > 0
      ? {
          "allow-egress-dependencies": egress(
            dependencies.map((dependency) => ({
              to: [
                { ...namespaceNamed(dependency.app), podSelector: { matchLabels: args.webSelectorOf(dependency.app) } },
              ],
              ports: [{ protocol: "TCP", port: dependency.port }],
            })),
          ),
        }
      : {}),
  };
}

function ingressRules(args: NetworkPolicyArgs): Record<string, Spec> {
  const rules: Record<string, Spec> = {
    "default-deny-ingress": { podSelector: {}, policyTypes: ["Ingress"] },
    "allow-same-namespace": { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ from: [{ podSelector: {} }] }] },
  };
  if (!args.webSelector) return rules;
  const toWeb = (from: inputs.networking.v1.NetworkPolicyPeer[]): Spec => ({
    podSelector: { matchLabels: args.webSelector },
    policyTypes: ["Ingress"],
    ingress: [{ from, ports: [{ protocol: "TCP", port: args.port }] }],
  });
  rules["allow-from-router"] = toWeb([namespaceNamed(args.routerNamespace)]);
  if (args.connections.dependents.length > 0)
    rules["allow-from-dependents"] = toWeb(args.connections.dependents.map(namespaceNamed));
  return rules;
}

/** Pulumi names: the Kubernetes name without its `allow-`/`-ingress` wording, as before egress existed. */
const RESOURCE_NAMES: Record<string, string> = {
  "default-deny-ingress": "default-deny",
  "allow-same-namespace": "same-namespace",
  "allow-from-router": "from-router",
};

/** Declares the app's policies; returns them by Kubernetes name. */
export function createNetworkPolicies(
  args: NetworkPolicyArgs,
  opts: pulumi.CustomResourceOptions,
): Record<string, NetworkPolicy> {
  const policies = { ...ingressRules(args), ...(args.egress === "restricted" ? egressRules(args) : {}) };
  return Object.fromEntries(
    Object.entries(policies).map(([name, spec]) => [
      name,
      new NetworkPolicy(
        `${args.app}-${RESOURCE_NAMES[name] ?? name}`,
        { metadata: { name, namespace: args.namespace, labels: args.labels }, spec },
        opts,
      ),
    ]),
  );
}
