/** IPv4 CIDR arithmetic: parsing, validation and carving subnets out of a VPC range. */

export interface Cidr {
  /** The network address as an unsigned 32-bit integer. */
  base: number;
  prefix: number;
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** The parsed block, or undefined when the text is not an IPv4 CIDR. Host bits may be set. */
export function parseCidr(text: string): Cidr | undefined {
  const match = CIDR.exec(text);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const base = octets.reduce((value, octet) => value * 256 + octet, 0);
  return { base, prefix };
}

/** True when no bit below the prefix is set (`10.0.0.0/16`, not `10.0.1.0/16`). */
export function isNetworkAddress(cidr: Cidr): boolean {
  return cidr.base % 2 ** (32 - cidr.prefix) === 0;
}

export function formatCidr(cidr: Cidr): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(cidr.base / 2 ** shift) % 256);
  return `${octets.join(".")}/${cidr.prefix}`;
}

/** The `index`-th block of size `/newPrefix` inside `parent` (like Terraform's cidrsubnet). */
export function subnet(parent: Cidr, newPrefix: number, index: number): Cidr {
  const count = 2 ** (newPrefix - parent.prefix);
  if (newPrefix < parent.prefix || index < 0 || index >= count) {
    throw new Error(`${formatCidr(parent)} has no /${newPrefix} block number ${index}`);
  }
  return { base: parent.base + index * 2 ** (32 - newPrefix), prefix: newPrefix };
}

/** How many addresses the blocks cover together; overlaps count once (blocks nest or are disjoint). */
export function addressCount(cidrs: Cidr[]): number {
  const blocks = cidrs
    .map(({ base, prefix }) => ({ start: base - (base % 2 ** (32 - prefix)), size: 2 ** (32 - prefix) }))
    .sort((a, b) => a.start - b.start || b.size - a.size);
  let total = 0;
  let end = 0;
  for (const { start, size } of blocks) {
    if (start + size <= end) continue; // inside the previous block
    total += size;
    end = start + size;
  }
  return total;
}

/**
 * "Open to the internet", for a public API endpoint: its CIDRs together cover more addresses than one
 * /16. Counting the union rather than looking for `/0` cannot be dodged by splitting the range
 * (`0.0.0.0/1` + `128.0.0.0/1`, or 256 × `/8`); an office's or a VPN's egress is far smaller.
 * The policy pack keeps its own copy (policy/policies/lib/open-cidrs.ts, test/rule-parity.test.ts).
 */
export const MAX_ENDPOINT_ADDRESSES = 2 ** 16;
