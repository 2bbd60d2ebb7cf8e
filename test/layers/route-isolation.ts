/**
 * A team's HTTPRoute never attaches to another team's hostname, even one applied with kubectl: the
 * platform's Gateway listeners, evaluated with the pinned Gateway API's attachment rules
 * (test/support/route-attachment.ts), admit each granted hostname only from its owner's namespaces.
 */
import { readFileSync } from "node:fs";
import type { PlatformForApps } from "../../config/platform-outputs";
import type { RenderResult } from "../../tools/harness/render-stack";
import { attachedListeners, type GatewayObject, type RouteObject } from "../support/route-attachment";
import { at, ofType, T } from "../support/stack";

export function routeIsolationTests(
  render: (stack: string) => RenderResult,
  forApps: () => PlatformForApps,
  appsStacks: string[],
): void {
  const platform = () => render("platform-staging");
  const gateways = () =>
    platform()
      .objects.filter(({ object }) => object.kind === "Gateway")
      .map(({ object }) => object as unknown as GatewayObject);
  const namespaceLabels = () =>
    Object.fromEntries(
      platform()
        .objects.filter(({ object }) => object.kind === "Namespace")
        .map(({ object }) => [object.metadata.name, at(object, "metadata.labels") ?? {}]),
    );
  const allParents = () => gateways().map((g) => ({ name: g.metadata.name, namespace: g.metadata.namespace }));
  const crafted = (namespace: string, hostnames?: string[]): RouteObject => ({
    metadata: { namespace },
    spec: { hostnames, parentRefs: allParents() },
  });
  const attached = (route: RouteObject) => attachedListeners(route, gateways(), namespaceLabels());

  test("the semantics evaluated here are the pinned Gateway API's", () => {
    const crds = readFileSync("../shared/upstream/crds/gateway-api-v1.4.0/standard-install.yaml", "utf8");
    for (const text of [
      "only Routes in Namespaces matching this Selector will be selected by this",
      "* Same: Only Routes in the same namespace may be used by this Gateway.",
      "If both the Listener and HTTPRoute have specified hostnames, and none",
      "match with the criteria above, then the HTTPRoute is not accepted.",
    ])
      expect([text, crds.includes(text)]).toEqual([text, true]);
  });

  test("each granted hostname has a listener admitting only its owner's namespaces; the platform wildcard admits none", () => {
    const listeners = gateways().flatMap((g) => g.spec.listeners);
    const byHost = Object.fromEntries(listeners.map((l) => [l.hostname ?? "(http)", l.allowedRoutes]));
    for (const [stack, grant] of Object.entries(forApps().appStacks))
      for (const hostname of grant.hostnames)
        expect([hostname, byHost[hostname]]).toEqual([
          hostname,
          { namespaces: { from: "Selector", selector: { matchLabels: { "slipway.dev/app-stack": stack } } } },
        ]);
    expect(byHost["*.apps.staging.example.com"]).toEqual({ namespaces: { from: "Same" } });
  });

  test("every route the apps stacks render attaches, for each hostname, to a listener of its own stack", () => {
    for (const stack of appsStacks) {
      for (const route of ofType(render(stack), T.httpRoute)) {
        const object = route.inputs as unknown as RouteObject;
        for (const host of object.spec.hostnames ?? []) {
          const listeners = attached({ ...object, spec: { ...object.spec, hostnames: [host] } });
          expect([route.name, host, listeners.length > 0]).toEqual([route.name, host, true]);
        }
      }
    }
  });

  test("a route in the search team's namespace naming the shop team's hostnames, with every Gateway as parent, attaches nowhere", () => {
    expect(attached(crafted("search-web", ["shop.staging.example.com", "cart.apps.staging.example.com"]))).toEqual([]);
    // A wildcard over everything, and no hostname at all, reach only the search team's own listeners.
    for (const hostnames of [["*.staging.example.com"], undefined]) {
      const listeners = attached(crafted("search-web", hostnames));
      expect(listeners.length).toBeGreaterThan(0);
      expect(listeners.filter((l) => /shop|cart|wildcard\.apps/.test(l))).toEqual([]);
    }
    // A namespace no apps stack owns reaches nothing, whatever it names.
    expect(attached(crafted("default", ["shop.staging.example.com"]))).toEqual([]);
  });
}
