/**
 * Which listeners an HTTPRoute attaches to, as Gateway API v1.4.0 decides it (the Gateway and
 * HTTPRoute CRDs' field documentation in ../shared/upstream/crds/gateway-api-v1.4.0): a listener
 * admits the route's namespace by `allowedRoutes.namespaces` (`Same`, `All`, or `Selector` evaluated
 * against the namespace's labels), and the route's hostnames must intersect the listener's (none on
 * either side matches all). A parentRef without `sectionName` tries every listener of its Gateway.
 * Evaluated here on rendered objects, as the router would, with no cluster.
 */
interface Listener {
  name: string;
  hostname?: string;
  allowedRoutes?: { namespaces?: { from?: string; selector?: { matchLabels?: Record<string, string> } } };
}

export interface GatewayObject {
  metadata: { name: string; namespace: string };
  spec: { listeners: Listener[] };
}

export interface RouteObject {
  metadata: { namespace: string };
  spec: { hostnames?: string[]; parentRefs: Array<{ name: string; namespace?: string; sectionName?: string }> };
}

/** One hostname matches another: equal, or one a `*.` suffix of the other (Gateway API hostname rules). */
function intersects(listener: string, route: string): boolean {
  const suffix = (wildcard: string, name: string) => wildcard.startsWith("*.") && name.endsWith(wildcard.slice(1));
  return listener === route || suffix(listener, route) || suffix(route, listener);
}

function admits(
  listener: Listener,
  gateway: GatewayObject,
  namespace: string,
  labels: Record<string, string>,
): boolean {
  const from = listener.allowedRoutes?.namespaces?.from ?? "Same";
  if (from === "All") return true;
  if (from === "Same") return namespace === gateway.metadata.namespace;
  const matchLabels = listener.allowedRoutes?.namespaces?.selector?.matchLabels ?? {};
  return Object.entries(matchLabels).every(([key, value]) => labels[key] === value);
}

/** `<gateway namespace>/<gateway>/<listener>` of every listener the route attaches to. */
export function attachedListeners(
  route: RouteObject,
  gateways: GatewayObject[],
  namespaceLabels: Record<string, Record<string, string>>,
): string[] {
  const namespace = route.metadata.namespace;
  const labels = namespaceLabels[namespace] ?? {};
  const hostnames = route.spec.hostnames ?? [];
  return route.spec.parentRefs.flatMap((ref) => {
    const gateway = gateways.find(
      (g) => g.metadata.name === ref.name && g.metadata.namespace === (ref.namespace ?? namespace),
    );
    if (!gateway) return [];
    return gateway.spec.listeners
      .filter((listener) => ref.sectionName === undefined || listener.name === ref.sectionName)
      .filter((listener) => admits(listener, gateway, namespace, labels))
      .filter(
        (listener) =>
          listener.hostname === undefined ||
          hostnames.length === 0 ||
          hostnames.some((host) => intersects(listener.hostname!, host)),
      )
      .map((listener) => `${gateway.metadata.namespace}/${gateway.metadata.name}/${listener.name}`);
  });
}
