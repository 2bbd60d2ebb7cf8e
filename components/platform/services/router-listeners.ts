/**
 * The shared Gateway's listeners as a pure function of the apps' domains: one plain-HTTP listener that
 * only the router's own redirect route may use, and one HTTPS listener per domain terminating TLS with
 * that domain's certificate. Ports are Traefik's entry points (8000/8443); its Service maps 80/443.
 */
import { certificateName, tlsSecretName } from "../../../config/gateway-domains";

export const HTTP_LISTENER = "http";
export const ENTRYPOINT_PORTS = { http: 8000, https: 8443 } as const;

export interface Listener {
  name: string;
  protocol: "HTTP" | "HTTPS";
  port: number;
  hostname?: string;
  tls?: { mode: "Terminate"; certificateRefs: Array<{ group: ""; kind: "Secret"; name: string }> };
  allowedRoutes: { namespaces: { from: "Same" | "Selector"; selector?: { matchLabels: Record<string, string> } } };
}

/** Namespaces whose routes may attach to the HTTPS listeners: the apps' own, labelled by the App component. */
export const ROUTE_NAMESPACE_SELECTOR = { "app.kubernetes.io/part-of": "slipway" };

/** An HTTPS listener terminating TLS for one domain with that domain's certificate. */
export function httpsListener(domain: string, allowedRoutes: Listener["allowedRoutes"]): Listener {
  return {
    name: certificateName(domain),
    protocol: "HTTPS",
    port: ENTRYPOINT_PORTS.https,
    hostname: domain,
    tls: { mode: "Terminate", certificateRefs: [{ group: "", kind: "Secret", name: tlsSecretName(domain) }] },
    allowedRoutes,
  };
}

export function gatewayListeners(domains: string[]): Listener[] {
  const sorted = [...new Set(domains)].sort();
  return [
    // Only the HTTP→HTTPS redirect (same namespace) attaches here, so no app is ever served over HTTP.
    {
      name: HTTP_LISTENER,
      protocol: "HTTP",
      port: ENTRYPOINT_PORTS.http,
      allowedRoutes: { namespaces: { from: "Same" } },
    },
    ...sorted.map((domain) =>
      httpsListener(domain, {
        namespaces: { from: "Selector", selector: { matchLabels: ROUTE_NAMESPACE_SELECTOR } },
      }),
    ),
  ];
}
