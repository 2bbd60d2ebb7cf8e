/**
 * How the router (Traefik's Gateway API provider) names its per-backend Prometheus series, for canary
 * analyses. Traefik turns each HTTPRoute backendRef into its own load-balancer service named
 * `<namespace>-<service>-<port>` with the provider suffix `@kubernetesgateway`, and records
 * `traefik_service_*` metrics for that leaf only, so stable and canary Services get separate series.
 */
export const ROUTER_METRICS = {
  requestsTotal: "traefik_service_requests_total",
  requestDurationBucket: "traefik_service_request_duration_seconds_bucket",
  /** Label holding the backend's name; `code` holds the HTTP status. */
  serviceLabel: "service",
  codeLabel: "code",
} as const;

/** Traefik's provider.Normalize: anything but letters, digits and '-' becomes '-'. */
function normalize(name: string): string {
  return name.replace(/[^a-zA-Z0-9-]+/g, "-");
}

/** The `service` label value of one backend Service port, e.g. `shop-web-canary-80@kubernetesgateway`. */
export function routerBackendName(namespace: string, service: string, port: number): string {
  return `${normalize(`${normalize(`${namespace}-${service}`)}-${port}`)}@kubernetesgateway`;
}

/** A PromQL label selector for that backend, e.g. `{service="shop-web-canary-80@kubernetesgateway"}`. */
export function routerBackendSelector(namespace: string, service: string, port: number): string {
  return `{${ROUTER_METRICS.serviceLabel}="${routerBackendName(namespace, service, port)}"}`;
}
