/**
 * Ingress NetworkPolicies of every platform namespace: deny by default, admit the namespace's own pods,
 * and admit only what each service is called for, on the ports its chart listens on by default (each
 * entry names the chart value it comes from, at the pinned chart version; a test reads it there).
 * Webhooks and aggregated APIs are called by the API server, whose source is not a pod (on EKS, the
 * control plane's network interfaces in the VPC), so their ports admit any source. Metrics ports
 * admit the monitoring namespace, where Prometheus runs. Kubelet probes come from the node, which
 * NetworkPolicies always admit. Egress of platform pods is not restricted.
 */
import type * as pulumi from "@pulumi/pulumi";
import { NetworkPolicy } from "@pulumi/kubernetes/networking/v1";
import type * as inputs from "@pulumi/kubernetes/types/input";
import type { Provider } from "@pulumi/kubernetes/provider";
import { ENTRYPOINT_PORTS } from "./services/router-listeners";

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

const entryPoints: Admission[] = [
  { port: ENTRYPOINT_PORTS.http, from: "anywhere", what: "HTTP entry point", valuesKey: "ports.web.port" },
  { port: ENTRYPOINT_PORTS.https, from: "anywhere", what: "HTTPS entry point", valuesKey: "ports.websecure.port" },
];
const metrics = (port: number, valuesKey: string): Admission => ({
  port,
  from: "monitoring",
  what: "metrics, scraped by Prometheus",
  valuesKey,
});
const webhook = (port: number, valuesKey: string, what = "admission webhook, called by the API server"): Admission => ({
  port,
  from: "anywhere",
  what,
  valuesKey,
});

/** Per platform namespace (by the service key its namespace is created under). */
export const PLATFORM_INGRESS = {
  // traefik/traefik-helm-chart v37.3.0 traefik/values.yaml
  router: [...entryPoints, metrics(9100, "ports.metrics.port")],
  // prometheus-community/helm-charts kube-prometheus-stack-78.3.2 charts/kube-prometheus-stack/values.yaml
  // and its grafana subchart (grafana/helm-charts grafana-10.1.2 charts/grafana/values.yaml)
  monitoring: [
    {
      port: 9090,
      from: "rollouts",
      what: "Prometheus, queried by Argo Rollouts' analyses",
      valuesKey: "prometheus.service.targetPort",
    },
    { port: 3000, from: "router", what: "Grafana, when a route exposes it", valuesKey: "grafana.service.targetPort" },
    webhook(
      10250,
      "prometheusOperator.tls.internalPort",
      "Prometheus Operator's admission webhook, called by the API server",
    ),
  ],
  // cert-manager/cert-manager v1.19.3 deploy/charts/cert-manager/values.yaml
  "cert-manager": [webhook(10250, "webhook.securePort")],
  // external-secrets/external-secrets helm-chart-0.20.4 deploy/charts/external-secrets/values.yaml
  "external-secrets": [webhook(10250, "webhook.port"), metrics(8080, "metrics.listen.port")],
  // aws/eks-charts aws-load-balancer-controller 1.14.0 values.yaml: both unset there ("default 9443",
  // "default :8080" in its comments), so Slipway sets them (components/platform/services/load-balancer-controller.ts).
  "aws-load-balancer-controller": [webhook(9443, "webhookBindPort"), metrics(8080, "metricsBindAddr")],
  // aws/karpenter-provider-aws v1.8.1 charts/karpenter/values.yaml (1.x has no webhook)
  karpenter: [metrics(8080, "controller.metrics.port")],
  // kubernetes-sigs/metrics-server metrics-server-helm-chart-3.13.0 charts/metrics-server/values.yaml
  "metrics-server": [webhook(10250, "containerPort", "the metrics API, aggregated by the API server")],
  // kubernetes-sigs/external-dns external-dns-helm-chart-1.19.0 charts/external-dns/values.yaml
  "external-dns": [metrics(7979, "service.port")],
  // kubernetes/autoscaler cluster-autoscaler-chart-9.50.1 charts/cluster-autoscaler/values.yaml
  "cluster-autoscaler": [metrics(8085, "service.servicePort")],
  // fluent/helm-charts fluent-bit-0.48.0 charts/fluent-bit/values.yaml
  logging: [metrics(2020, "metricsPort")],
  // argoproj/argo-helm argo-rollouts-2.41.0 charts/argo-rollouts/values.yaml
  rollouts: [metrics(8090, "controller.containerPorts.metrics")],
} as const satisfies Record<string, Admission[]>;

export type PlatformNamespaceService = keyof typeof PLATFORM_INGRESS;

function callerPeers(
  from: Exclude<Caller, "anywhere">,
  routerNamespace: string,
): inputs.networking.v1.NetworkPolicyPeer[] {
  const name = { monitoring: MONITORING_NAMESPACE, rollouts: ROLLOUTS_NAMESPACE, router: routerNamespace }[from];
  return [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": name } } }];
}

export interface NamespacePolicyArgs {
  service: PlatformNamespaceService;
  namespace: pulumi.Input<string>;
  labels: Record<string, string>;
  routerNamespace: string;
}

export function createNamespacePolicies(
  args: NamespacePolicyArgs,
  opts: { parent: pulumi.Resource; provider: Provider; dependsOn: pulumi.Resource[] },
): void {
  const admissions: readonly Admission[] = PLATFORM_INGRESS[args.service];
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
      `${args.service}-${name}`,
      { metadata: { name, namespace: args.namespace, labels: args.labels }, spec },
      opts,
    );
  }
}
