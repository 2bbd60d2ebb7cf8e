/**
 * The pack's ownership rule for apps stacks: hostnames and buckets outside the stack's grant, which
 * it reads from the platform's StackReference (the platform's own outputs), are refused; before the
 * grants existed the pack checked neither, so every hostile case here passed.
 */
import { policies } from "../policy/policies";
import { APPS_STACK_OWNERSHIP } from "../policy/policies/apps-stack-ownership";
import type { Registration } from "../tools/harness/mock-engine";
import type { PackConfig } from "../tools/harness/policy-config";
import { evaluatePolicies } from "../tools/harness/policy-eval";
import { resource } from "./support/policy";

const ownership = policies.filter((p) => p.name === APPS_STACK_OWNERSHIP);
const shop: PackConfig = { [APPS_STACK_OWNERSHIP]: { enforcementLevel: "mandatory", stack: "shop-staging" } };
const bucketArn = (name: string) => `arn:aws:s3:::slipway-platform-staging-${name}-123456789012`;

/** The platform's StackReference as stack policies see it: its outputs. */
const platform = resource("pulumi:pulumi:StackReference", "platform-stack", {
  name: "acme/slipway/platform-staging",
  outputs: {
    platformForApps: {
      appStacks: {
        "shop-staging": { namespaces: ["storefront"], hostnames: ["shop.example.com"], buckets: ["order-exports"] },
        "search-staging": {
          namespaces: ["search-web"],
          hostnames: ["*.search.example.com"],
          buckets: ["search-index"],
        },
      },
      artifacts: {
        buckets: {
          "order-exports": { name: "x", arn: bucketArn("order-exports") },
          "search-index": { name: "y", arn: bucketArn("search-index") },
        },
      },
    },
  },
});

const route = (...hostnames: string[]) =>
  resource("kubernetes:gateway.networking.k8s.io/v1:HTTPRoute", "storefront-route", {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "HTTPRoute",
    metadata: { name: "storefront", namespace: "storefront" },
    spec: { hostnames },
  });

const bucketPolicy = (...resources: string[]) =>
  resource("aws:iam/rolePolicy:RolePolicy", "order-worker-aws", {
    policy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: resources }],
    }),
  });

async function refused(...resources: Registration[]): Promise<string[]> {
  const verdicts = await evaluatePolicies(resources, "staging", { policies: ownership, config: shop });
  return verdicts.map((v) => `${v.enforcement}: ${v.message}`);
}

test("the stack's own hostnames and buckets pass", async () => {
  expect(
    await refused(
      platform,
      route("shop.example.com"),
      bucketPolicy(bucketArn("order-exports"), `${bucketArn("order-exports")}/*`),
    ),
  ).toEqual([]);
});

test("another team's hostname, a name under its suffix, and a wildcard over it are refused, in every kind that claims one", async () => {
  const gateway = resource("kubernetes:gateway.networking.k8s.io/v1:Gateway", "storefront-gateway", {
    kind: "Gateway",
    metadata: { name: "storefront", namespace: "storefront" },
    spec: { listeners: [{ name: "x", hostname: "*.example.com" }] },
  });
  const certificate = resource("kubernetes:cert-manager.io/v1:Certificate", "storefront-certificate", {
    kind: "Certificate",
    metadata: { name: "stolen", namespace: "storefront" },
    spec: { dnsNames: ["api.search.example.com"] },
  });
  expect(await refused(platform, route("shop.example.com", "api.search.example.com"), gateway, certificate)).toEqual([
    "mandatory: HTTPRoute storefront: api.search.example.com is not granted to stack shop-staging by its platform stack; granted: shop.example.com (apps-stack-ownership)",
    "mandatory: Gateway storefront: *.example.com is not granted to stack shop-staging by its platform stack; granted: shop.example.com (apps-stack-ownership)",
    "mandatory: Certificate stolen: api.search.example.com is not granted to stack shop-staging by its platform stack; granted: shop.example.com (apps-stack-ownership)",
  ]);
});

test("an IAM policy naming another team's bucket, or every bucket, is refused", async () => {
  expect(await refused(platform, bucketPolicy(`${bucketArn("search-index")}/*`, "arn:aws:s3:::*"))).toEqual([
    "mandatory: order-worker-aws: its policy names S3 bucket slipway-platform-staging-search-index-123456789012, which the platform stack does not grant to stack shop-staging; granted: slipway-platform-staging-order-exports-123456789012 (apps-stack-ownership)",
    "mandatory: order-worker-aws: its policy names S3 bucket *, which the platform stack does not grant to stack shop-staging; granted: slipway-platform-staging-order-exports-123456789012 (apps-stack-ownership)",
  ]);
});

test("without the platform's StackReference the grant cannot be read, and the stack is refused", async () => {
  expect(await refused(route("shop.example.com"))).toEqual([
    "mandatory: expected one StackReference to the platform stack with its platformForApps output, found 0: what the platform grants this stack cannot be read (apps-stack-ownership)",
  ]);
});

test("a stack the platform grants nothing claims nothing", async () => {
  const config: PackConfig = { [APPS_STACK_OWNERSHIP]: { enforcementLevel: "mandatory", stack: "rogue" } };
  const verdicts = await evaluatePolicies([platform, route("shop.example.com")], "staging", {
    policies: ownership,
    config,
  });
  expect(verdicts.map((v) => v.message)).toEqual([
    "HTTPRoute storefront: shop.example.com is not granted to stack rogue by its platform stack; granted: nothing (apps-stack-ownership)",
  ]);
});
