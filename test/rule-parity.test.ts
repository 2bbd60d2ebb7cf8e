/**
 * The policy pack is a package of its own (the CLI loads policy/ alone), so the rules it shares with
 * the config layer are copies. Here both copies must be the same rule.
 */
import fc from "fast-check";
import { APP_DEPLOYER_RULES } from "../components/eks/app-deployer-rules";
import { addressCount, formatCidr, MAX_ENDPOINT_ADDRESSES, parseCidr } from "../config/cidr";
import { grantFor } from "../config/hostname-grants";
import { CREDENTIAL_NAME as configRule, looksLikeCredential } from "../config/primitives";
import { grantedBy } from "../policy/policies/lib/hostname-grants";
import { MAX_ENDPOINT_ADDRESSES as policyBound, opensToInternet } from "../policy/policies/lib/open-cidrs";
import { CREDENTIAL_NAME as policyRule } from "../policy/policies/kubernetes-delivery";
import { NAMESPACED } from "../policy/policies/lib/kubernetes-scope";
import { TENANT_LABEL as configTenantLabel } from "../config/labels";
import { TENANT_LABEL as policyTenantLabel } from "../policy/policies/pod-security-labels";

test("the tenant namespace label is the same in the program and the policy pack", () => {
  expect(policyTenantLabel).toBe(configTenantLabel);
});

test("the credential-name pattern is the same in the config schema and the policy pack", () => {
  expect(policyRule.source).toBe(configRule.source);
  expect(policyRule.flags).toBe(configRule.flags);
  const names = [
    "DB_PASSWORD",
    "api_token",
    "CLIENT_SECRET",
    "SIGNING_KEY",
    "passwd",
    "LOG_LEVEL",
    "KEYCLOAK_URL",
    "PORT",
  ];
  expect(names.map((name) => policyRule.test(name))).toEqual(names.map(looksLikeCredential));
  expect(names.filter(looksLikeCredential)).toEqual([
    "DB_PASSWORD",
    "api_token",
    "CLIENT_SECRET",
    "SIGNING_KEY",
    "passwd",
  ]);
});

describe("the open-to-the-internet rule is the same in the config schema and the policy pack", () => {
  const configOpen = (cidrs: string[]) => addressCount(cidrs.map((c) => parseCidr(c)!)) > MAX_ENDPOINT_ADDRESSES;

  test("both name the same bound", () => {
    expect(policyBound).toBe(MAX_ENDPOINT_ADDRESSES);
  });

  test.each([
    [["0.0.0.0/0"], true],
    [["0.0.0.0/1", "128.0.0.0/1"], true],
    [Array.from({ length: 40 }, (_, i) => `${i + 1}.0.0.0/8`), true],
    [["10.0.0.0/8"], true],
    [["203.0.113.0/24", "198.51.100.0/24"], false],
    [["198.51.0.0/16"], false],
    [["198.51.0.0/16", "198.51.100.0/24"], false],
    [["198.50.0.0/16", "198.51.0.0/16"], true],
    [["198.51.0.0/17", "198.51.128.0/17", "203.0.113.7/32"], true],
  ])("%j → open: %s", (cidrs, open) => {
    expect([configOpen(cidrs), opensToInternet(cidrs)]).toEqual([open, open]);
  });

  test("random lists of blocks get the same verdict from both", () => {
    const block = fc
      .tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 32 }))
      .map(([base, prefix]) => formatCidr({ base: base - (base % 2 ** (32 - prefix)), prefix }));
    fc.assert(
      fc.property(fc.array(block, { maxLength: 40 }), (cidrs) => configOpen(cidrs) === opensToInternet(cidrs)),
      { numRuns: 500 },
    );
  });
});

test("the deployer role of app stacks writes only kinds the policy pack lets an apps stack register", () => {
  const plural = (kind: string) => `${kind.toLowerCase().replace(/([^aeiou])y$/, "$1ie")}s`;
  const written = APP_DEPLOYER_RULES.filter((rule) => rule.verbs.includes("create")).flatMap((rule) =>
    rule.apiGroups.flatMap((group) =>
      rule.resources.filter((resource) => !resource.includes("/")).map((resource) => ({ group, resource })),
    ),
  );
  expect(written.length).toBeGreaterThan(10);
  for (const { group, resource } of written)
    expect([group, resource, (NAMESPACED[group] ?? []).map(plural).includes(resource)]).toEqual([
      group,
      resource,
      true,
    ]);
});

test("a hostname grant covers the same names in the config checks and the policy pack", () => {
  const label = fc.constantFrom("a", "b", "shop", "search", "example", "com");
  const name = fc
    .tuple(fc.boolean(), fc.array(label, { minLength: 1, maxLength: 4 }))
    .map(([wildcard, labels]) => `${wildcard ? "*." : ""}${labels.join(".")}`);
  fc.assert(
    fc.property(name, fc.array(name, { maxLength: 4 }), (claimed, grants) => {
      expect(grantedBy(claimed, grants)).toBe(grantFor(claimed, grants) !== undefined);
    }),
  );
  expect([grantedBy("a.shop.com", ["*.shop.com"]), grantedBy("shop.com", ["*.shop.com"])]).toEqual([true, false]);
});
