/**
 * The shared Gateway's listeners as a pure function of the apps' domains: one plain-HTTP listener that
 * only the router's own redirect route may use, and one HTTPS listener per domain terminating TLS with
 * that domain's certificate. Ports are Traefik's entry points (8000/8443); its Service maps 80/443.
 */
export const HTTP_LISTENER = "http";
export const ENTRYPOINT_PORTS = { http: 8000, https: 8443 } as const;

/** Certificate, Secret and listener name for a domain: the domain itself, `*` spelled `wildcard`. */
export function certificateName(domain: string): string {
  return domain.replace(/^\*\./, "wildcard.");
}

export function tlsSecretName(domain: string): string {
  return `${certificateName(domain)}-tls`;
}

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

export function gatewayListeners(domains: string[]): Listener[] {
  const sorted = [...new Set(domains)].sort();
  return [
    // Only the HTTP→HTTPS redirect (same namespace) attaches here, so no app is ever served over HTTP.
    { name: HTTP_LISTENER, protocol: "HTTP", port: ENTRYPOINT_PORTS.http, allowedRoutes: { namespaces: { from: "Same" } } },
    ...sorted.map((domain): Listener => ({
      name: certificateName(domain),
      protocol: "HTTPS",
      port: ENTRYPOINT_PORTS.https,
      hostname: domain,
      tls: { mode: "Terminate", certificateRefs: [{ group: "", kind: "Secret", name: tlsSecretName(domain) }] },
      allowedRoutes: { namespaces: { from: "Selector", selector: { matchLabels: ROUTE_NAMESPACE_SELECTOR } } },
    })),
  ];
}

/** Whether a wildcard (`*.apps.example.com`) covers a domain: exactly one label under it, as TLS matches. */
function coveredBy(domain: string, wildcard: string): boolean {
  const zone = wildcard.slice(1);
  return domain.endsWith(zone) && !domain.startsWith("*.") && !domain.slice(0, -zone.length).includes(".");
}

/**
 * The domains that get a listener and a certificate: the Gateway's wildcards, and every routed domain
 * none of them covers. A covered app domain's route attaches to its wildcard's listener by hostname.
 */
export function listenerDomains(domains: string[], wildcards: string[]): string[] {
  const uncovered = domains.filter((domain) => !wildcards.some((wildcard) => coveredBy(domain, wildcard)));
  return [...new Set([...wildcards, ...uncovered])].sort();
}

/** The domains the Gateway serves: those of apps that are routable and have a web process. */
export function routedDomains(apps: Record<string, { domains: string[]; routable: boolean; processes: Record<string, unknown> }>): string[] {
  return [...new Set(Object.values(apps).flatMap((app) => (app.routable && app.processes.web ? app.domains : [])))].sort();
}
