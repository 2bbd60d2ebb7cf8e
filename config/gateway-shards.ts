/**
 * Which Gateway serves which listener when the apps' domains outgrow one Gateway's 64 listeners
 * (`slipway:platform.gateway.shards`). Pure rules shared by the config check and the components.
 *
 * Rendezvous (highest-random-weight) hashing: a listener domain goes to the shard whose hash of
 * `<shard>/<domain>` is highest. That depends on the domain and the shard count only, so adding or
 * removing an app never moves another domain's listener; and raising the count from N to N+1 moves
 * only the domains the new shard now wins (about 1/(N+1) of them), never one between old shards.
 * A domain a wildcard covers is served by the wildcard's listener, so it follows the wildcard.
 */
import { createHash } from "node:crypto";
import { listenerDomainOf, listenerDomains } from "./gateway-domains";

/** Gateway API allows 32 parentRefs per route; the redirect route and the HTTP-01 solver name every shard. */
export const MAX_SHARDS = 32;

export interface ShardedGateway {
  name: string;
  wildcards: string[];
  shards: number;
}

function weight(domain: string, shard: number): number {
  return createHash("sha256").update(`${shard}/${domain}`).digest().readUInt32BE(0);
}

/** The shard (0 … shards-1) of a listener domain (a wildcard or a domain no wildcard covers). */
export function shardOf(listenerDomain: string, shards: number): number {
  let best = 0;
  let bestWeight = -1;
  for (let shard = 0; shard < shards; shard++) {
    const w = weight(listenerDomain, shard);
    if (w > bestWeight) [best, bestWeight] = [shard, w];
  }
  return best;
}

/** Shard 0 keeps the configured name, so a stack that turns sharding on keeps its Gateway. */
export function shardGatewayName(name: string, shard: number): string {
  return shard === 0 ? name : `${name}-${shard}`;
}

/** The sorted listener domains of each shard, indexed by shard (a shard may have none). */
export function shardListeners(domains: string[], gateway: ShardedGateway): string[][] {
  const shards: string[][] = Array.from({ length: gateway.shards }, () => []);
  for (const listener of listenerDomains(domains, gateway.wildcards)) {
    shards[shardOf(listener, gateway.shards)].push(listener);
  }
  return shards;
}

/**
 * In a platform stack: every platform wildcard and every granted hostname gets a listener of its own,
 * even one a wildcard covers (its listener admits only the grant's owner), each on its own shard.
 */
export function grantShardListeners(grants: string[], gateway: ShardedGateway): string[][] {
  const shards: string[][] = Array.from({ length: gateway.shards }, () => []);
  for (const listener of [...new Set([...gateway.wildcards, ...grants])].sort())
    shards[shardOf(listener, gateway.shards)].push(listener);
  return shards;
}

/** The names of the Gateways an app's route attaches to: one per shard its domains are on, sorted by shard. */
export function routeGateways(domains: string[], gateway: ShardedGateway): string[] {
  const shards = new Set(domains.map((domain) => shardOf(listenerDomainOf(domain, gateway.wildcards), gateway.shards)));
  return [...shards].sort((a, b) => a - b).map((shard) => shardGatewayName(gateway.name, shard));
}
