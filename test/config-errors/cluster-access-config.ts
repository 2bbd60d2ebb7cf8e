/** `slipway:cluster.access`: the app stacks' and drift checkers' keys, refused by key before anything is registered. */
import { parseStackConfig } from "../../config/stack";
import { eksCluster } from "../support/aws";
import { webApp } from "../support/stack";

const deploy = (team: string) => `arn:aws:iam::123456789012:role/${team}-deploy`;
const admin = "arn:aws:iam::123456789012:role/platform-admins";

/** The zone of the hostnames granted below, so that a wildcard grant's certificate can be had by DNS-01. */
const ZONE = { hostedZones: [{ domain: "example.com", zoneId: "Z0EXAMPLE1234567890" }] };

function problems(access: object, extra: object = {}): string[] {
  const parsed = parseStackConfig({ environment: "dev", cluster: eksCluster({ access }), platform: ZONE, ...extra });
  return parsed.ok ? [] : parsed.problems.map((p) => `${p.key}: ${p.message}`);
}

test("a well-formed grant is accepted, and the keys default to nothing", () => {
  const parsed = parseStackConfig({
    environment: "dev",
    cluster: eksCluster({
      access: {
        appStacks: { "team-a.prod": { roleArn: deploy("team-a"), namespaces: ["shop", "cart"] } },
        driftCheckers: ["arn:aws:iam::123456789012:role/drift"],
      },
    }),
  });
  expect(parsed.ok && parsed.config.cluster.mode === "eks" && parsed.config.cluster.access).toEqual({
    admins: [],
    viewers: [],
    appStacks: {
      "team-a.prod": { roleArn: deploy("team-a"), namespaces: ["shop", "cart"], hostnames: [], buckets: [] },
    },
    reviewStacks: {},
    driftCheckers: ["arn:aws:iam::123456789012:role/drift"],
  });
});

test.each([
  [
    "a user where a role is expected",
    { appStacks: { a: { roleArn: "arn:aws:iam::123456789012:user/bob", namespaces: ["shop"] } } },
    "slipway:cluster.access.appStacks.a.roleArn: expected an IAM role ARN",
  ],
  [
    "an app stack name that is not a stack name",
    { appStacks: { "team a": { roleArn: deploy("a"), namespaces: ["shop"] } } },
    "slipway:cluster.access.appStacks.team a: expected a Pulumi stack name: a stack name may only contain alphanumeric, hyphens, underscores, or periods",
  ],
  [
    "no namespace",
    { appStacks: { a: { roleArn: deploy("a"), namespaces: [] } } },
    "slipway:cluster.access.appStacks.a.namespaces: expected at least one namespace",
  ],
  [
    "a namespace that is not a DNS label",
    { appStacks: { a: { roleArn: deploy("a"), namespaces: ["Shop"] } } },
    "slipway:cluster.access.appStacks.a.namespaces[0]: expected a namespace name",
  ],
  [
    "a Kubernetes namespace",
    { appStacks: { a: { roleArn: deploy("a"), namespaces: ["kube-system"] } } },
    "slipway:cluster.access.appStacks.a.namespaces[0]: expected a namespace of the app stack's own",
  ],
  [
    "a platform namespace",
    { appStacks: { a: { roleArn: deploy("a"), namespaces: ["slipway-monitoring"] } } },
    "slipway:cluster.access.appStacks.a.namespaces[0]: expected a namespace of the app stack's own",
  ],
  [
    "one namespace granted to two app stacks",
    {
      appStacks: {
        a: { roleArn: deploy("a"), namespaces: ["shop"] },
        b: { roleArn: deploy("b"), namespaces: ["cart", "shop"] },
      },
    },
    'slipway:cluster.access.appStacks.b.namespaces[1]: already granted to the app stack "a"',
  ],
  [
    "one hostname granted to two app stacks",
    {
      appStacks: {
        a: { roleArn: deploy("a"), namespaces: ["shop"], hostnames: ["shop.example.com"] },
        b: { roleArn: deploy("b"), namespaces: ["cart"], hostnames: ["cart.example.com", "shop.example.com"] },
      },
    },
    'slipway:cluster.access.appStacks.b.hostnames[1]: shop.example.com overlaps the app stack "a"\'s grant shop.example.com',
  ],
  [
    "a wildcard over another app stack's hostname",
    {
      appStacks: {
        a: { roleArn: deploy("a"), namespaces: ["shop"], hostnames: ["www.shop.example.com"] },
        b: { roleArn: deploy("b"), namespaces: ["cart"], hostnames: ["*.example.com"] },
      },
    },
    'slipway:cluster.access.appStacks.b.hostnames[0]: *.example.com overlaps the app stack "a"\'s grant www.shop.example.com: a hostname has one owner (a wildcard covers every name under it)',
  ],
  [
    "a name under another app stack's DNS suffix",
    {
      appStacks: {
        a: { roleArn: deploy("a"), namespaces: ["shop"], hostnames: ["*.shop.example.com"] },
        b: { roleArn: deploy("b"), namespaces: ["cart"], hostnames: ["a.b.shop.example.com"] },
      },
    },
    'slipway:cluster.access.appStacks.b.hostnames[0]: a.b.shop.example.com overlaps the app stack "a"\'s grant *.shop.example.com',
  ],
  [
    "a hostname that is not a domain name",
    { appStacks: { a: { roleArn: deploy("a"), namespaces: ["shop"], hostnames: ["Shop Example"] } } },
    "slipway:cluster.access.appStacks.a.hostnames[0]: expected a lowercase domain name",
  ],
  [
    "a drift checker that is not an IAM ARN",
    { driftCheckers: ["drift"] },
    "slipway:cluster.access.driftCheckers[0]: expected an IAM role or user ARN",
  ],
  [
    "an app stack's role that is also an admin",
    { admins: [admin], appStacks: { a: { roleArn: admin, namespaces: ["shop"] } } },
    `slipway:cluster.access.appStacks.a.roleArn: ${admin} is already listed at slipway:cluster.access.admins[0]`,
  ],
  [
    "a drift checker listed twice",
    { driftCheckers: [admin, admin] },
    `slipway:cluster.access.driftCheckers[1]: ${admin} is already listed at slipway:cluster.access.driftCheckers[0]`,
  ],
])("%s is refused by key", (_case, access, expected) => {
  expect(problems(access)).toEqual([expect.stringContaining(expected)]);
});

test("a namespace this stack fills itself cannot be granted to an app stack", () => {
  const access = { appStacks: { a: { roleArn: deploy("a"), namespaces: ["web", "edge"] } } };
  expect(problems(access, { apps: { web: webApp() }, platform: { gateway: { namespace: "edge" } } })).toEqual([
    'slipway:cluster.access.appStacks.a.namespaces[0]: "web" is the namespace of slipway:apps.web in this stack',
    'slipway:cluster.access.appStacks.a.namespaces[1]: "edge" is the router\'s namespace (slipway:platform.gateway.namespace)',
  ]);
});

test("two stacks' grants that share no hostname are accepted: a sibling suffix, the suffix's own apex", () => {
  const access = {
    appStacks: {
      a: { roleArn: deploy("a"), namespaces: ["shop"], hostnames: ["*.shop.example.com", "shop.example.com"] },
      b: { roleArn: deploy("b"), namespaces: ["cart"], hostnames: ["*.cart.example.com", "myshop.example.com"] },
    },
  };
  expect(problems(access)).toEqual([]);
});

test("a bucket granted to an app stack must be one the stack keeps, and be granted to one stack only", () => {
  const access = {
    appStacks: {
      a: { roleArn: deploy("a"), namespaces: ["shop"], buckets: ["exports", "imports"] },
      b: { roleArn: deploy("b"), namespaces: ["cart"], buckets: ["exports"] },
    },
  };
  const kept = { artifacts: { buckets: { exports: {} } } };
  // The rule over grants and kept buckets reads slipway:cluster, so it waits for the grants' own error.
  expect(problems(access, kept)).toEqual([
    'slipway:cluster.access.appStacks.b.buckets[0]: already granted to the app stack "a"',
  ]);
  const once = { appStacks: { a: access.appStacks.a, b: { ...access.appStacks.b, buckets: [] } } };
  expect(problems(once, kept)).toEqual([
    'slipway:cluster.access.appStacks.a.buckets[1]: no bucket named "imports" in slipway:artifacts.buckets',
  ]);
});

test("the keys belong to eks mode only", () => {
  const parsed = parseStackConfig({ environment: "dev", cluster: { mode: "existing", access: { driftCheckers: [] } } });
  expect(parsed.ok ? [] : parsed.problems).toEqual([
    { key: "slipway:cluster.access", message: expect.stringContaining("applies only when mode is eks") },
  ]);
});

test("a granted hostname answers to the rules of a served domain: a wildcard grant needs DNS-01 in a hosted zone", () => {
  const access = {
    appStacks: {
      a: { roleArn: deploy("a"), namespaces: ["shop"], hostnames: ["*.shop.example.org", "shop.example.com"] },
    },
  };
  const platform = {
    hostedZones: [{ domain: "example.com", zoneId: "Z0EXAMPLE1234567890" }],
    certManager: { issuer: "letsencrypt", email: "ops@example.com" },
    externalDns: { enabled: true },
  };
  expect(problems(access, { platform })).toEqual([
    "slipway:cluster.access.appStacks.a.hostnames[0]: is in none of slipway:platform.hostedZones, so slipway:platform.externalDns.enabled cannot publish it",
    "slipway:cluster.access.appStacks.a.hostnames[0]: a wildcard certificate needs DNS-01: add its zone to slipway:platform.hostedZones (slipway:platform.certManager.issuer is letsencrypt)",
  ]);
});
