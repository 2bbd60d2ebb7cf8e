/**
 * The shared Gateway's listeners as a pure function of the apps' domains: one plain-HTTP listener that
 * only the router's own redirect route may use, and one HTTPS listener per domain terminating TLS with
 * that domain's certificate. In a platform stack, one per granted hostname, for its owner only. Ports are Traefik's entry points (8000/8443); its Service maps 80/443.
 */
import { certificateName, listenerDomainOf, tlsSecretName } from "../../../config/gateway-domains";

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

/**
 * The label the platform stack puts on each apps stack's namespaces (components/eks/app-stacks.ts):
 * the stack's name. The deploy role only reads namespaces, so a team cannot relabel one.
 */
export const APP_STACK_LABEL = "slipway.dev/app-stack";

/** In a platform stack: which apps stack owns each granted hostname, and the platform's wildcards. */
export interface ListenerTenancy {
  owners: Record<string, string>;
  wildcards: string[];
}

/** An HTTPS listener terminating TLS for one domain, with the certificate of `certificateDomain`. */
function httpsListener(domain: string, allowedRoutes: Listener["allowedRoutes"], certificateDomain = domain): Listener {
  return {
    name: certificateName(domain),
    protocol: "HTTPS",
    port: ENTRYPOINT_PORTS.https,
    hostname: domain,
    tls: {
      mode: "Terminate",
      certificateRefs: [{ group: "", kind: "Secret", name: tlsSecretName(certificateDomain) }],
    },
    allowedRoutes,
  };
}

/**
 * A granted hostname's listener admits routes only from its owner's namespaces, by the label the
 * platform sets; a platform wildcard's admits only the router's own namespace. Gateway API v1.4.0
 * (Gateway `spec.listeners[].allowedRoutes.namespaces`): with `from: Selector`, "only Routes in
 * Namespaces matching this Selector will be selected", and a route's hostnames must intersect the
 * listener's for it to attach. So a team's route naming another team's hostname attaches nowhere,
 * however it is applied. A hostname a platform wildcard covers keeps the wildcard's certificate.
 */
function tenantListener(domain: string, tenancy: ListenerTenancy): Listener {
  const owner = Object.hasOwn(tenancy.owners, domain) ? tenancy.owners[domain] : undefined;
  const allowedRoutes: Listener["allowedRoutes"] =
    owner === undefined
      ? { namespaces: { from: "Same" } }
      : { namespaces: { from: "Selector", selector: { matchLabels: { [APP_STACK_LABEL]: owner } } } };
  return httpsListener(domain, allowedRoutes, listenerDomainOf(domain, tenancy.wildcards));
}

export function gatewayListeners(domains: string[], tenancy?: ListenerTenancy): Listener[] {
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
      tenancy
        ? tenantListener(domain, tenancy)
        : httpsListener(domain, {
            namespaces: { from: "Selector", selector: { matchLabels: ROUTE_NAMESPACE_SELECTOR } },
          }),
    ),
  ];
}
