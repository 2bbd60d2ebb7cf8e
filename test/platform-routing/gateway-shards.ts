import { listenerDomainOf } from "../../config/gateway-domains";
import type { RenderResult } from "../../tools/harness/render-stack";
import { H, platformStack } from "../support/platform";
import { at, find, ofType, render, T } from "../support/stack";

const WILDCARD = "*.apps.example.com";
const NAMES = ["slipway", "slipway-1", "slipway-2", "slipway-3"];
/**
 * 40 apps: 31 with a domain of their own, 8 under the wildcard, one with a domain of each kind. Few
 * enough to render in seconds; test/gateway-shards.test.ts fits 1,000 domains without rendering.
 */
const OWN = 31;
const domains: Record<string, string[]> = {
  ...Object.fromEntries(Array.from({ length: OWN }, (_, i) => [`app-${i}`, [`app-${i}.example.com`]])),
  ...Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`w-${i}`, [`w-${i}.apps.example.com`]])),
  multi: ["multi.example.com", "multi.apps.example.com"],
};
let result: RenderResult;

beforeAll(async () => {
  result = await render(
    platformStack(
      {
        gateway: { shards: 4, wildcards: [WILDCARD] },
        hostedZones: [{ domain: "example.com", zoneId: "Z0123456789ABC" }],
      },
      "dev",
      domains,
    ),
  );
});

function gateways() {
  return ["gateway", "gateway-1", "gateway-2", "gateway-3"].map((name) => find(result, H.gateway, name));
}

function httpsHostnames(gateway: ReturnType<typeof find>): string[] {
  return at(gateway.inputs, "spec.listeners")
    .filter((l: any) => l.protocol === "HTTPS")
    .map((l: any) => l.hostname);
}

describe("a sharded Gateway (40 apps over 4 shards)", () => {
  test("one Gateway per shard, shard 0 under today's names, every listener domain on exactly one, all schema-valid", () => {
    expect(ofType(result, H.gateway)).toHaveLength(4);
    expect(gateways().map((g) => at(g.inputs, "metadata.name"))).toEqual(NAMES);
    const hostnames = gateways().map(httpsHostnames);
    for (const shard of hostnames) expect(shard.length).toBeGreaterThan(0);
    expect(hostnames.flat().sort()).toEqual(
      [WILDCARD, "multi.example.com", ...Array.from({ length: OWN }, (_, i) => `app-${i}.example.com`)].sort(),
    );
    expect(result.schemaProblems).toEqual([]);
  });

  test("each app's route attaches to the Gateways that serve its domains, and only those", () => {
    const served = new Map(gateways().flatMap((g) => httpsHostnames(g).map((h) => [h, at(g.inputs, "metadata.name")])));
    for (const [app, hostnames] of Object.entries(domains)) {
      const route = find(result, T.httpRoute, `${app}-route`).inputs;
      const expected = [...new Set(hostnames.map((h) => served.get(listenerDomainOf(h, [WILDCARD]))))];
      expect([app, at(route, "spec.parentRefs").map((p: any) => p.name)]).toEqual([app, expected.sort()]);
    }
    const multi = at(find(result, T.httpRoute, "multi-route").inputs, "spec.parentRefs");
    // Its two domains are on different shards, so its route has two parents.
    expect(multi.map((p: any) => p.namespace)).toEqual(["slipway-router", "slipway-router"]);
  });

  test("the redirect and cert-manager's HTTP-01 solver attach to every shard; one certificate per listener", () => {
    const redirect = at(find(result, T.httpRoute, "https-redirect").inputs, "spec.parentRefs");
    expect(redirect.map((p: any) => [p.name, p.sectionName])).toEqual(NAMES.map((name) => [name, "http"]));
    const solvers = at(find(result, H.clusterIssuer, "issuer-letsencrypt-staging").inputs, "spec.acme.solvers");
    expect(solvers.at(-1).http01.gatewayHTTPRoute.parentRefs.map((p: any) => p.name)).toEqual(NAMES);
    expect(ofType(result, H.certificate)).toHaveLength(OWN + 2);
  });

  test("apps wait for every shard's Gateway", () => {
    const urns = gateways().map((g) => g.urn);
    expect(find(result, T.httpRoute, "app-0-route").options.dependsOn).toEqual(expect.arrayContaining(urns));
  });
});
