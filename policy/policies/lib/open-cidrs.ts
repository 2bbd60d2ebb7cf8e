/**
 * Whether a list of CIDRs opens an endpoint to the internet: together they cover more addresses than
 * one /16. A copy of the config layer's rule (config/cidr.ts), as this package stands alone; the two
 * are tested for parity in test/rule-parity.test.ts.
 */
export const MAX_ENDPOINT_ADDRESSES = 2 ** 16;

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** The block's first address and size, or undefined when it is no IPv4 CIDR. */
function parse(text: string): { start: number; size: number } | undefined {
  const match = CIDR.exec(text);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const base = octets.reduce((value, octet) => value * 256 + octet, 0);
  const size = 2 ** (32 - prefix);
  return { start: base - (base % size), size };
}

export function opensToInternet(cidrs: string[]): boolean {
  const blocks = cidrs.map(parse);
  // Unreadable (e.g. `::/0`): fail closed.
  if (blocks.some((block) => block === undefined)) return true;
  let total = 0;
  let end = 0;
  for (const { start, size } of (blocks as Array<{ start: number; size: number }>).sort(
    (a, b) => a.start - b.start || b.size - a.size,
  )) {
    if (start + size <= end) continue; // inside the previous block
    total += size;
    end = start + size;
  }
  return total > MAX_ENDPOINT_ADDRESSES;
}
