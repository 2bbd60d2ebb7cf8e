/**
 * Whether a hostname grant covers a claimed name: the copy of config/hostname-grants.ts the pack
 * carries (it imports nothing from the program); test/rule-parity.test.ts holds the two to one rule.
 * A wildcard grant is a suffix, as a Gateway API listener hostname is (Gateway API v1.4.0).
 */
export function grantedBy(name: string, grants: readonly string[]): boolean {
  return grants.some((grant) => grant === name || (grant.startsWith("*.") && name.endsWith(grant.slice(1))));
}
