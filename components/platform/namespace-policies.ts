/**
 * Ingress NetworkPolicies of every platform namespace: deny by default, admit the namespace's own pods,
 * and admit only what each service is called for, on the ports its chart listens on by default. Each
 * service's install half says who calls it (`<KEY>_INGRESS` in components/platform/services/<key>.ts,
 * listed in its installer; each entry names the chart value it comes from, at the pinned chart
 * version, and a test reads it there). Who the callers are (any source, monitoring, rollouts, router)
 * is the platform's and stays here.
 * Webhooks and aggregated APIs are called by the API server, whose source is not a pod (on EKS, the
 * control plane's network interfaces in the VPC), so their ports admit any source. Metrics ports
 * admit the monitoring namespace, where Prometheus runs. Kubelet probes come from the node, which
 * NetworkPolicies always admit. Egress of platform pods is not restricted.
 */
import type * as pulumi from "@pulumi/pulumi";
import { NetworkPolicy } from "@pulumi/kubernetes/networking/v1";
import type * as inputs from "@pulumi/kubernetes/types/input";
import type { Provider } from "@pulumi/kubernetes/provider";

export const MONITORING_NAMESPACE = "slipway-monitoring";
export const ROLLOUTS_NAMESPACE = "slipway-rollouts";

/** Who a port is for: any source, or the pods of one platform namespace. */
type Caller = "anywhere" | "monitoring" | "rollouts" | "router";

export interface Admission {
  port: number;
  from: Caller;
  /** What listens there, and the chart value (at the installed chart version) the port is read from. */
  what: string;
  valuesKey: string;
}

/** A metrics port, scraped by Prometheus from the monitoring namespace. */
export const metricsAdmission = (port: number, valuesKey: string): Admission => ({
  port,
  from: "monitoring",
  what: "metrics, scraped by Prometheus",
  valuesKey,
});
/** A port the API server calls (a webhook or an aggregated API): any source. */
export const webhookAdmission = (
  port: number,
  valuesKey: string,
  what = "admission webhook, called by the API server",
): Admission => ({ port, from: "anywhere", what, valuesKey });

function callerPeers(
  from: Exclude<Caller, "anywhere">,
  routerNamespace: string,
): inputs.networking.v1.NetworkPolicyPeer[] {
  const name = { monitoring: MONITORING_NAMESPACE, rollouts: ROLLOUTS_NAMESPACE, router: routerNamespace }[from];
  return [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": name } } }];
}

export interface NamespacePolicyArgs {
  /** The service's name in its namespace's objects (`<component>-<policy>`). */
  component: string;
  /** Who may call the namespace: its service's installer's `ingress` (components/platform/installers.ts). */
  ingress: readonly Admission[];
  namespace: pulumi.Input<string>;
  labels: Record<string, string>;
  routerNamespace: string;
}

export function createNamespacePolicies(
  args: NamespacePolicyArgs,
  opts: { parent: pulumi.Resource; provider: Provider; dependsOn: pulumi.Resource[] },
): void {
  const admissions = args.ingress;
  const specs: Record<string, inputs.networking.v1.NetworkPolicySpec> = {
    "default-deny-ingress": { podSelector: {}, policyTypes: ["Ingress"] },
    "allow-same-namespace": { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ from: [{ podSelector: {} }] }] },
  };
  const callers = [...new Set(admissions.map((a) => a.from))];
  for (const caller of callers) {
    const ports = admissions.filter((a) => a.from === caller).map((a) => ({ protocol: "TCP", port: a.port }));
    specs[`allow-from-${caller}`] = {
      podSelector: {},
      policyTypes: ["Ingress"],
      // No `from`: any source, the API server's included.
      ingress: [caller === "anywhere" ? { ports } : { from: callerPeers(caller, args.routerNamespace), ports }],
    };
  }
  for (const [name, spec] of Object.entries(specs)) {
    new NetworkPolicy(
      `${args.component}-${name}`,
      { metadata: { name, namespace: args.namespace, labels: args.labels }, spec },
      opts,
    );
  }
}
