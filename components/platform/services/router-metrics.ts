/**
 * How the router (Traefik's Gateway API provider) names its per-backend Prometheus series, for canary
 * analyses and the golden-signals dashboard. Traefik turns each HTTPRoute backendRef into its own
 * load-balancer service and records `traefik_service_*` metrics for that leaf only (the weighted
 * service above it has none), so stable and canary Services get separate series. The leaf's name
 * depends on the Traefik release, so it is looked up by the pinned chart's app version.
 */
import { ROUTER_CHART } from "./router";

export const ROUTER_METRICS = {
  requestsTotal: "traefik_service_requests_total",
  requestDurationBucket: "traefik_service_request_duration_seconds_bucket",
  /** Label holding the backend's name; `code` holds the HTTP status. */
  serviceLabel: "service",
  codeLabel: "code",
} as const;

/**
 * Traefik's provider.Normalize (traefik/traefik v3.6.0, pkg/provider/configuration.go L508-515):
 * splits on every rune that is neither a Unicode letter nor a number, `-` included, drops the empty
 * fields and joins the rest with one `-`. So `a--b` becomes `a-b` and edges are trimmed.
 */
function normalize(name: string): string {
  return name
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .join("-");
}

/**
 * Each Traefik release the router chart has been pinned to, with the chart version shipping it (its
 * Chart.yaml appVersion), and how that release names a backendRef's load-balancer service, read from
 * its source. A new pin must add its row after reading the new release's source: an app version
 * missing here fails the type-check, and test/router-backend-naming.test.ts fails when the chart
 * version differs from the row's.
 */
export const ROUTER_BACKEND_NAMING = {
  // traefik/traefik v3.6.0, pkg/provider/kubernetes/gateway/httproute.go, loadService: L230
  // `Normalize(namespace + "-" + backendRef.Name + "-http")`, L275-276 `Normalize(serviceName + "-" + port)`;
  // upstream expects `default-whoami-http-80` (kubernetes_test.go L645-656). Unchanged v3.5.0-v3.7.5;
  // v3.7.6 (#13367) names leaves after the route key instead, without the port.
  "v3.6.0": {
    chart: "37.3.0",
    leaf: (namespace: string, service: string, port: number) =>
      normalize(`${normalize(`${namespace}-${service}-http`)}-${port}`),
    /** A regex for every leaf of a namespace's backends, given that namespace as a regex. */
    namespaceLeaves: (namespace: string) => `${namespace}-.+-http-[0-9]+`,
  },
} as const;

// The provider's name (pkg/provider/kubernetes/gateway/kubernetes.go L38), appended as `@<provider>`
// when configurations are aggregated (pkg/server/aggregator.go L84, pkg/server/provider/provider.go
// L43-44); the metrics middleware labels series with that qualified name (pkg/middlewares/metrics/metrics.go L90).
const PROVIDER_SUFFIX = "@kubernetesgateway";

const naming = ROUTER_BACKEND_NAMING[ROUTER_CHART.appVersion];

/** The `service` label value of one backend Service port, e.g. `shop-web-canary-http-80@kubernetesgateway`. */
export function routerBackendName(namespace: string, service: string, port: number): string {
  return `${naming.leaf(namespace, service, port)}${PROVIDER_SUFFIX}`;
}

/** A PromQL label selector for that backend, e.g. `{service="shop-web-canary-http-80@kubernetesgateway"}`. */
export function routerBackendSelector(namespace: string, service: string, port: number): string {
  return `{${ROUTER_METRICS.serviceLabel}="${routerBackendName(namespace, service, port)}"}`;
}

/**
 * A PromQL regex matcher for every backend of the namespace a Grafana variable holds. Namespaces that
 * extend another's name with `-` (`shop`, `shop-admin`) share matches: the name alone cannot tell them apart.
 */
export function routerNamespaceBackendsMatcher(namespaceVariable: string): string {
  return `${ROUTER_METRICS.serviceLabel}=~"${naming.namespaceLeaves(namespaceVariable)}${PROVIDER_SUFFIX}"`;
}
