import { parseStackConfig } from "../config/stack";
import { shardOf } from "../config/gateway-shards";
import { eksCluster } from "./support/aws";

function problems(raw: Record<string, unknown>): string[] {
  const result = parseStackConfig({ environment: "dev", cluster: eksCluster(), ...raw });
  return result.ok ? [] : result.problems.map((p) => `${p.key}: ${p.message}`);
}

const names = (count: number) => Array.from({ length: count }, (_, i) => `app-${String(i).padStart(3, "0")}`);
const apps = (count: number) =>
  Object.fromEntries(
    names(count).map((name) => [
      name,
      { image: { repository: `ghcr.io/acme/${name}`, tag: "1.0.0" }, domains: [`${name}.example.com`] },
    ]),
  );

describe("slipway:platform.gateway.shards", () => {
  test("200 app domains overflow 2 shards, each overflowing shard reported at its first domain over 63", () => {
    const over = problems({ apps: apps(200), platform: { gateway: { shards: 2 } } });
    // Independently of the check: the sorted domains of each shard, and the 64th of each full one.
    const byShard = [0, 1].map((shard) => names(200).filter((name) => shardOf(`${name}.example.com`, 2) === shard));
    const expected = byShard.flatMap((shard, index) =>
      shard.length > 63
        ? [
            `slipway:apps.${shard[63]}.domains[0]: Gateway ${index === 0 ? "slipway" : "slipway-1"} (shard ${index} of 2) has at most 63 HTTPS listeners (Gateway API allows 64; one is the HTTP redirect), and the stack needs ${shard.length}: one per domain that no slipway:platform.gateway.wildcards entry covers; raise slipway:platform.gateway.shards (now 2; changing it moves some domains to another Gateway), add a wildcard over the apps' domains, or make some apps internal (routable: false)`,
          ]
        : [],
    );
    expect(expected).toHaveLength(2);
    expect(over).toEqual(expected);
  });

  test("the same 200 domains fit 8 shards", () => {
    expect(problems({ apps: apps(200), platform: { gateway: { shards: 8 } } })).toEqual([]);
  });

  test("one shard, one Gateway too full: the remedy names the shards key", () => {
    expect(problems({ apps: apps(64) })).toEqual([
      expect.stringMatching(
        /^slipway:apps\.app-063\.domains\[0\]: the shared Gateway .* raise slipway:platform\.gateway\.shards$/,
      ),
    ]);
  });

  test("from 1 to 32 shards: every shard is a parentRef of the redirect route, which allows 32", () => {
    for (const shards of [0, 33, 1.5]) {
      expect(problems({ platform: { gateway: { shards } } })).toEqual([
        `slipway:platform.gateway.shards: expected an integer from 1 to 32, got ${shards}`,
      ]);
    }
  });

  test("the last shard's Gateway name must stay a DNS label", () => {
    const name = "g".repeat(61);
    expect(problems({ platform: { gateway: { name, shards: 10 } } })).toEqual([]);
    expect(problems({ platform: { gateway: { name, shards: 11 } } })).toEqual([
      `slipway:platform.gateway.name: names the last of slipway:platform.gateway.shards (11) Gateways ${name}-10, 64 characters long; expected at most 63: use a shorter name`,
    ]);
  });
});
