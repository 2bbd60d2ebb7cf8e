/** `slipway:cluster.access.reviewStacks`: a review grant, refused by key before anything is registered. */
import { parseStackConfig } from "../../config/stack";
import { eksCluster } from "../support/aws";

const role = (name: string) => `arn:aws:iam::123456789012:role/${name}`;
const ZONE = { hostedZones: [{ domain: "example.com", zoneId: "Z0EXAMPLE1234567890" }] };
const SHOP = { roleArn: role("deploy-shop"), namespaces: ["shop", "cart"] };
const REVIEW = { roleArn: role("review-shop"), namespacePrefix: "rv-shop-", domain: "shop.pr.example.com" };

function parse(access: object, extra: object = {}) {
  return parseStackConfig({ environment: "dev", cluster: eksCluster({ access }), platform: ZONE, ...extra });
}

function problems(access: object, extra: object = {}): string[] {
  const parsed = parse(access, extra);
  return parsed.ok ? [] : parsed.problems.map((p) => `${p.key}: ${p.message}`);
}

test("a review grant's slots, TTL and quota default to two slots, 72 hours and 1 CPU, 1Gi and 6 pods a namespace", () => {
  const parsed = parse({ appStacks: { shop: SHOP }, reviewStacks: { shop: REVIEW } });
  expect(parsed.ok && parsed.config.cluster.mode === "eks" && parsed.config.cluster.access.reviewStacks).toEqual({
    shop: { ...REVIEW, slots: 2, ttlHours: 72, quota: { cpu: "1", memory: "1Gi", pods: 6 } },
  });
});

test.each([
  [
    "a prefix that makes a namespace longer than an app name",
    {
      appStacks: { shop: SHOP },
      reviewStacks: { shop: { ...REVIEW, apps: ["shop", "checkout"], namespacePrefix: "review-for-the-shop-team-" } },
    },
    "slipway:cluster.access.reviewStacks.shop.namespacePrefix: makes the namespace review-for-the-shop-team-2-checkout, longer than an app name may be (30): shorten the prefix",
  ],
  [
    "a prefix that does not end with '-'",
    { appStacks: { shop: SHOP }, reviewStacks: { shop: { ...REVIEW, namespacePrefix: "rv" } } },
    "slipway:cluster.access.reviewStacks.shop.namespacePrefix: expected a namespace prefix such as rv-shop-",
  ],
  [
    "a review namespace another app stack is granted",
    {
      appStacks: { shop: SHOP, other: { roleArn: role("deploy-other"), namespaces: ["rv-shop-1-cart"] } },
      reviewStacks: { shop: REVIEW },
    },
    'slipway:cluster.access.reviewStacks.shop.namespacePrefix: makes the namespace rv-shop-1-cart, already granted to the app stack "other"',
  ],
  [
    "a review domain under another app stack's wildcard",
    {
      appStacks: {
        shop: SHOP,
        other: { roleArn: role("deploy-other"), namespaces: ["web"], hostnames: ["*.example.com"] },
      },
      reviewStacks: { shop: REVIEW },
    },
    'slipway:cluster.access.reviewStacks.shop.domain: *.shop.pr.example.com overlaps the app stack "other"\'s grant *.example.com',
  ],
  [
    "a wildcard as the review domain",
    { appStacks: { shop: SHOP }, reviewStacks: { shop: { ...REVIEW, domain: "*.pr.example.com" } } },
    "slipway:cluster.access.reviewStacks.shop.domain: expected a domain, not a wildcard",
  ],
  [
    "no apps for a source stack this platform grants nothing",
    { reviewStacks: { "shop-prod": REVIEW } },
    "slipway:cluster.access.reviewStacks.shop-prod.apps: expected the apps to review: shop-prod is granted no namespaces on this platform",
  ],
  [
    "the apps stack's own deploy role as the review role",
    { appStacks: { shop: SHOP }, reviewStacks: { shop: { ...REVIEW, roleArn: SHOP.roleArn } } },
    `slipway:cluster.access.reviewStacks.shop.roleArn: ${SHOP.roleArn} is already listed at slipway:cluster.access.appStacks.shop.roleArn`,
  ],
  [
    "a quota of no pods",
    { appStacks: { shop: SHOP }, reviewStacks: { shop: { ...REVIEW, quota: { pods: 0 } } } },
    "slipway:cluster.access.reviewStacks.shop.quota.pods: expected an integer",
  ],
])("%s is refused", (_what, access, expected) => {
  expect(problems(access)).toEqual([expect.stringContaining(expected)]);
});

test("every namespace of every slot is checked: the last slot's too", () => {
  const access = {
    appStacks: { shop: SHOP, other: { roleArn: role("deploy-other"), namespaces: ["rv-shop-3-shop"] } },
    reviewStacks: { shop: { ...REVIEW, slots: 3 } },
  };
  expect(problems(access)).toEqual([
    'slipway:cluster.access.reviewStacks.shop.namespacePrefix: makes the namespace rv-shop-3-shop, already granted to the app stack "other"',
  ]);
});

test("slipway:review marks an apps stack only", () => {
  expect(problems({}, { review: { source: "shop", pr: 1, slot: 1 } })).toEqual([
    "slipway:review: applies only when slipway:layer is apps (it is single)",
  ]);
});

test("a prod platform refuses review grants, which a staging one accepts", () => {
  const access = { appStacks: { shop: SHOP }, reviewStacks: { shop: REVIEW } };
  const grantProblems = (environment: string) =>
    problems(access, { environment }).filter((p) => p.startsWith("slipway:cluster.access.reviewStacks"));
  expect(grantProblems("staging")).toEqual([]);
  expect(grantProblems("prod")).toEqual([
    expect.stringMatching(
      /^slipway:cluster\.access\.reviewStacks: expected no review grants in prod \(got shop\): .*grant review stacks on a staging platform/,
    ),
  ]);
});
