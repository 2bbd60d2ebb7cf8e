/**
 * Which domains the shared Gateway serves and under which names: pure rules that both the config
 * checks and the router component follow, so they cannot disagree.
 */

/** Certificate, Secret and listener name for a domain: the domain itself, `*` spelled `wildcard`. */
export function certificateName(domain: string): string {
  return domain.replace(/^\*\./, "wildcard.");
}

export function tlsSecretName(domain: string): string {
  return `${certificateName(domain)}-tls`;
}

/** Whether a wildcard (`*.apps.example.com`) covers a domain: exactly one label under it, as TLS matches. */
function coveredBy(domain: string, wildcard: string): boolean {
  const zone = wildcard.slice(1);
  return domain.endsWith(zone) && !domain.startsWith("*.") && !domain.slice(0, -zone.length).includes(".");
}

/** The listener that serves a domain: the wildcard that covers it, else the domain's own. */
export function listenerDomainOf(domain: string, wildcards: string[]): string {
  return wildcards.find((wildcard) => coveredBy(domain, wildcard)) ?? domain;
}

/**
 * The domains that get a listener and a certificate: the Gateway's wildcards, and every routed domain
 * none of them covers. A covered app domain's route attaches to its wildcard's listener by hostname.
 */
export function listenerDomains(domains: string[], wildcards: string[]): string[] {
  const uncovered = domains.filter((domain) => listenerDomainOf(domain, wildcards) === domain);
  return [...new Set([...wildcards, ...uncovered])].sort();
}

export interface RoutedDomain {
  app: string;
  domain: string;
  /** Its index in the app's `domains`, for naming the config key. */
  index: number;
}

/** The domains the Gateway serves: those of apps that are routable and have a web process. */
export function routedDomains(
  apps: Record<string, { routable: boolean; processes: Record<string, unknown>; domains: string[] }>,
): RoutedDomain[] {
  return Object.keys(apps)
    .sort()
    .filter((app) => apps[app].routable && Object.hasOwn(apps[app].processes, "web"))
    .flatMap((app) => apps[app].domains.map((domain, index) => ({ app, domain, index })));
}
