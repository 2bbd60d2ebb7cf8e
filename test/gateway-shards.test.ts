import fc from "fast-check";
import { listenerDomains } from "../config/gateway-domains";
import { routeGateways, shardGatewayName, shardListeners, shardOf } from "../config/gateway-shards";
import { gatewayListeners } from "../components/platform/services/router-listeners";
import { validateObjects } from "../tools/harness/k8s-schema";

const gateway = (shards: number, wildcards: string[] = []) => ({ name: "slipway", wildcards, shards });
const domainsOf = (count: number) => Array.from({ length: count }, (_, i) => `app-${i}.example.com`);

function gatewayObject(shard: number, domains: string[]) {
  return {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "Gateway",
    metadata: { name: shardGatewayName("slipway", shard), namespace: "slipway-router" },
    spec: { gatewayClassName: "traefik", listeners: gatewayListeners(domains) },
  };
}

/** Distinct app domains, some under the wildcard `*.apps.example.com`. */
const domainSet = fc.uniqueArray(
  fc
    .tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,12}$/), fc.boolean())
    .map(([label, covered]) => (covered ? `${label}.apps.example.com` : `${label}.example.org`)),
  { minLength: 1, maxLength: 150 },
);
const WILDCARDS = ["*.apps.example.com"];

function shardsByDomain(domains: string[], shards: number): Map<string, number> {
  const byDomain = new Map<string, number>();
  shardListeners(domains, gateway(shards, WILDCARDS)).forEach((listeners, shard) =>
    listeners.forEach((domain) => byDomain.set(domain, shard)),
  );
  return byDomain;
}

describe("gateway shards: the assignment", () => {
  test("one shard is today's single Gateway: every listener on shard 0, named as configured", () => {
    const domains = ["b.example.com", "a.example.com", "x.apps.example.com"];
    expect(shardListeners(domains, gateway(1, WILDCARDS))).toEqual([listenerDomains(domains, WILDCARDS)]);
    expect(routeGateways(domains, gateway(1, WILDCARDS))).toEqual(["slipway"]);
    expect([shardGatewayName("slipway", 0), shardGatewayName("slipway", 3)]).toEqual(["slipway", "slipway-3"]);
  });

  test("1,000 distinct app domains fit 20 shards, each a schema-valid Gateway of at most 64 listeners", () => {
    const shards = shardListeners(domainsOf(1000), gateway(20));
    expect(shards.flat().sort()).toEqual(domainsOf(1000).sort());
    expect(Math.min(...shards.map((domains) => domains.length))).toBeGreaterThan(0);
    expect(Math.max(...shards.map((domains) => domains.length))).toBeLessThanOrEqual(63);
    // The last Gateway (65 listeners) proves the schema can refuse.
    const problems = validateObjects([...shards, domainsOf(64)].map((domains, shard) => gatewayObject(shard, domains)));
    expect(problems.slice(0, -1)).toEqual(shards.map(() => []));
    expect(problems.at(-1)!.join("\n")).toMatch(/listeners/);
  });

  test("a domain under a wildcard is on the wildcard's shard; its route names that Gateway", () => {
    for (const shards of [2, 5, 32]) {
      const wildcardShard = shardOf("*.apps.example.com", shards);
      const byDomain = shardsByDomain(["shop.apps.example.com"], shards);
      expect(byDomain.get("*.apps.example.com")).toBe(wildcardShard);
      expect(byDomain.has("shop.apps.example.com")).toBe(false);
      expect(routeGateways(["shop.apps.example.com"], gateway(shards, WILDCARDS))).toEqual([
        shardGatewayName("slipway", wildcardShard),
      ]);
    }
  });

  test("a route names each shard of its domains once, in shard order", () => {
    const domains = domainsOf(40);
    const expected = [...new Set(domains.map((d) => shardOf(d, 4)))].sort().map((s) => shardGatewayName("slipway", s));
    expect(expected.length).toBeGreaterThan(1);
    expect(routeGateways(domains, gateway(4))).toEqual(expected);
  });
});

describe("gateway shards: stability", () => {
  test("adding or removing an app's domain never moves another domain", () => {
    fc.assert(
      fc.property(domainSet, fc.integer({ min: 2, max: 32 }), (domains, shards) => {
        const [changed, ...others] = domains;
        const withAll = shardsByDomain(domains, shards);
        const without = shardsByDomain(others, shards);
        for (const [domain, shard] of without) expect([domain, withAll.get(domain)]).toEqual([domain, shard]);
        expect(withAll.size - without.size).toBe(changed.endsWith(".apps.example.com") ? 0 : 1);
      }),
      { numRuns: 40 },
    );
  });

  test("raising the shard count moves domains only onto the new shard", () => {
    fc.assert(
      fc.property(domainSet, fc.integer({ min: 1, max: 31 }), (domains, shards) => {
        const before = shardsByDomain(domains, shards);
        const after = shardsByDomain(domains, shards + 1);
        for (const [domain, shard] of before) {
          const now = after.get(domain);
          expect([domain, now]).toEqual([domain, now === shard ? shard : shards]);
        }
      }),
      { numRuns: 40 },
    );
  });
});
