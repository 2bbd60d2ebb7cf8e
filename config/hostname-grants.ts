/**
 * Which hostnames an apps stack may claim: the platform grants each stack exact hostnames and DNS
 * suffixes (`*.shop.example.com`). Pure rules that the config checks, the router's listeners and the
 * policy pack share, so they cannot disagree about who owns a name.
 *
 * A wildcard grant is read as a Gateway API listener reads its hostname: "Hostnames that are prefixed
 * with a wildcard label (`*.`) are interpreted as a suffix match. That means that a match for
 * `*.example.com` would match both `test.example.com`, and `foo.test.example.com`, but not
 * `example.com`" (Gateway API v1.4.0, Gateway `spec.listeners[].hostname`, as traefik/traefik-helm-chart
 * crds_v1.12.0 traefik-crds/crds-files/gatewayAPI/gateway-standard-install.yaml ships it). So a grant
 * owns every name a listener for it would serve.
 */

/** Whether `grant` (an exact hostname or `*.suffix`) covers `name` (a hostname or a wildcard). */
function grantCovers(grant: string, name: string): boolean {
  if (grant === name) return true;
  if (!grant.startsWith("*.")) return false;
  return name.endsWith(grant.slice(1));
}

/** Whether two grants share any hostname: one covers the other. */
export function grantsOverlap(a: string, b: string): boolean {
  return grantCovers(a, b) || grantCovers(b, a);
}

/** The grant that covers a claimed name, if any: the exact one first, else the longest suffix. */
export function grantFor(name: string, grants: readonly string[]): string | undefined {
  if (grants.includes(name)) return name;
  return grants
    .filter((grant) => grantCovers(grant, name))
    .sort((a, b) => b.length - a.length || a.localeCompare(b))[0];
}

/** The grants of all stacks that share a hostname with `name`, as `[stack, grant]`. */
export function overlappingGrants(
  name: string,
  grants: Record<string, { hostnames: readonly string[] }>,
): Array<[string, string]> {
  return Object.keys(grants)
    .sort()
    .flatMap((stack) =>
      grants[stack].hostnames
        .filter((grant) => grantsOverlap(grant, name))
        .map((grant): [string, string] => [stack, grant]),
    );
}
