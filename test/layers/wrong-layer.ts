/**
 * Config in the wrong layer, or against the wrong platform, is refused by key before anything is
 * registered: app config in a platform stack and back, a missing or foreign platformStack, namespaces,
 * hostnames and buckets the platform does not grant, another environment or wave, absent services.
 */
import { parseStackConfig } from "../../config/stack";
import type { PlatformForApps } from "../../config/platform-outputs";
import { withPlatform } from "../../tools/harness/platform-outputs";
import type { RenderResult } from "../../tools/harness/render-stack";
import type { StackOutputs } from "../../tools/harness/run-program";
import { readStackFile } from "../../tools/harness/stack-file";
import { rejectedInput } from "../support/stack";
import { checkImageTests } from "./check-images";

export function wrongLayerTests(render: (stack: string) => RenderResult, platformOutputs: () => StackOutputs): void {
  const forApps = () => platformOutputs().values.platformForApps as PlatformForApps;

  const raw = (stack: string) =>
    Object.fromEntries(
      Object.entries(readStackFile(`Pulumi.${stack}.yaml`, stack).config)
        .filter(([key]) => key.startsWith("slipway:"))
        .map(([key, text]) => [key.slice(8), /^\s*[[{]/.test(text) ? JSON.parse(text) : text]),
    );
  const problems = (config: Record<string, unknown>, stack: string) => {
    const parsed = parseStackConfig(config, stack);
    return parsed.ok ? [] : parsed.problems.map((p) => `${p.key}: ${p.message}`);
  };

  test("app config in a platform stack, platform config in an apps stack", () => {
    const platform = raw("platform-staging");
    expect(problems({ ...platform, apps: raw("shop-staging").apps }, "platform-staging")).toContain(
      "slipway:apps: is app config: it belongs in an apps stack (slipway:layer: apps), not in platform stack platform-staging",
    );
    const shop = raw("shop-staging");
    expect(problems({ ...shop, cluster: platform.cluster }, "shop-staging")).toContain(
      "slipway:cluster: is platform config: it belongs in the platform stack this apps stack names in slipway:platformStack, not in apps stack shop-staging",
    );
  });

  test("an apps stack without slipway:platformStack, and the key outside an apps stack", () => {
    const { platformStack: _platformStack, ...shop } = raw("shop-staging");
    expect(problems(shop, "shop-staging")).toEqual([
      expect.stringMatching(/^slipway:platformStack: expected the platform stack's name/),
    ]);
    expect(problems({ ...raw("platform-staging"), platformStack: "x" }, "platform-staging")).toEqual([
      "slipway:platformStack: applies only when slipway:layer is apps (it is platform)",
    ]);
  });

  const refusal = async (platform: StackOutputs | undefined) => {
    const input = readStackFile("Pulumi.shop-staging.yaml", "shop-staging");
    const { messages, registered } = await rejectedInput(platform ? withPlatform(input, platform) : input);
    expect(registered).toEqual([]);
    return messages;
  };
  const platformWith = (change: Partial<PlatformForApps>): StackOutputs => ({
    ...platformOutputs(),
    values: { ...platformOutputs().values, platformForApps: { ...forApps(), ...change } },
  });

  test("a platformStack that is no platform stack, or one of another shape", async () => {
    expect(await refusal(undefined)).toEqual([
      expect.stringMatching(
        /^slipway:platformStack: platform-staging exports no platformForApps output: expected a platform stack/,
      ),
    ]);
    expect(await refusal(platformWith({ contract: 0 as 3 }))).toEqual([
      expect.stringMatching(
        /^slipway:platformStack: platform-staging exports platformForApps in another shape than this Slipway reads \(contract 3; unexpected at contract\)/,
      ),
    ]);
  });

  describe("check images", () =>
    checkImageTests(
      () => render("platform-staging"),
      () => forApps(),
      platformWith,
    ));

  test("apps in namespaces the platform does not grant to the stack, and another environment or wave", async () => {
    const grant = forApps().appStacks["shop-staging"];
    const granted = platformWith({
      appStacks: { "shop-staging": { ...grant, namespaces: ["cart-api", "storefront"] } },
    });
    expect(await refusal(granted)).toEqual([
      'slipway:apps.order-worker: runs in namespace "order-worker", which platform stack platform-staging does not grant to this stack: add "order-worker" to slipway:cluster.access.appStacks.shop-staging.namespaces in Pulumi.platform-staging.yaml',
    ]);
    expect(await refusal(platformWith({ environment: "prod", wave: 2 }))).toEqual([
      'slipway:environment: expected prod, the environment of platform stack platform-staging (an apps stack deploys to its platform\'s cluster), got "staging"',
    ]);
  });

  // Attacks on another team's names and data: each passed before the platform's grants named them.
  const shopClaiming = async (change: (apps: Record<string, any>) => void) => {
    const input = readStackFile("Pulumi.shop-staging.yaml", "shop-staging");
    const apps = JSON.parse(input.config["slipway:apps"]);
    change(apps);
    const claimed = { ...input, config: { ...input.config, "slipway:apps": JSON.stringify(apps) } };
    const { messages, registered } = await rejectedInput(withPlatform(claimed, platformOutputs()));
    expect(registered).toEqual([]);
    return messages;
  };

  test("another team's hostname is refused by key, naming what the stack is granted", async () => {
    expect(await shopClaiming((apps) => apps.storefront.domains.push("search.staging.example.com"))).toEqual([
      "slipway:apps.storefront.domains[1]: search.staging.example.com is not granted to this stack by platform stack platform-staging (it overlaps search.staging.example.com, granted to stack search-staging); granted: cart.apps.staging.example.com, shop.staging.example.com. The platform grants it in slipway:cluster.access.appStacks.shop-staging.hostnames",
    ]);
  });

  test("a name under another team's DNS suffix, and a wildcard over another team's grants, are refused", async () => {
    const messages = await shopClaiming((apps) => {
      apps.storefront.domains.push("admin.search.staging.example.com");
      apps["cart-api"].domains = ["*.staging.example.com"];
    });
    expect(messages).toEqual([
      "slipway:apps.cart-api.domains[0]: *.staging.example.com is not granted to this stack by platform stack platform-staging (it overlaps *.search.staging.example.com, granted to stack search-staging; search.staging.example.com, granted to stack search-staging; *.shop.review.staging.example.com, granted to stack shop-staging-review); granted: cart.apps.staging.example.com, shop.staging.example.com. The platform grants it in slipway:cluster.access.appStacks.shop-staging.hostnames",
      expect.stringMatching(
        /^slipway:apps\.storefront\.domains\[1\]: admin\.search\.staging\.example\.com is not granted to this stack by platform stack platform-staging \(it overlaps \*\.search\.staging\.example\.com, granted to stack search-staging\); granted: /,
      ),
    ]);
  });

  test("another team's bucket is refused by key", async () => {
    expect(await shopClaiming((apps) => (apps["order-worker"].aws.buckets["search-index"] = "read"))).toEqual([
      "slipway:apps.order-worker.aws.buckets.search-index: search-index is not granted to this stack by platform stack platform-staging; granted: order-exports. The platform grants it in slipway:cluster.access.appStacks.shop-staging.buckets",
    ]);
  });

  test("a platform on an existing cluster, which cannot grant an apps stack its namespaces", async () => {
    const existing = platformWith({ cluster: { mode: "existing", name: "kind-slipway" }, appStacks: {} });
    expect(await refusal(existing)).toContainEqual(
      expect.stringMatching(
        /^slipway:platformStack: platform stack platform-staging runs on an existing cluster .*put these apps in a single stack instead$/,
      ),
    );
  });

  test("a wave other than the platform's", async () => {
    const input = readStackFile("Pulumi.shop-staging.yaml", "shop-staging");
    const waved = { ...input, config: { ...input.config, "slipway:wave": "2" } };
    expect((await rejectedInput(withPlatform(waved, platformOutputs()))).messages).toEqual([
      "slipway:wave: expected 1, the wave of platform stack platform-staging, or no wave at all (an apps stack deploys in its platform's wave), got 2",
    ]);
  });

  test("app settings the platform cannot serve name the platform stack's key", async () => {
    const services = { ...forApps().services, rollouts: false, monitoring: false };
    expect(await refusal(platformWith({ services }))).toEqual([
      "slipway:apps.storefront.strategy.type: blueGreen needs the Argo Rollouts controller, but slipway:platform.rollouts.enabled is false (in platform stack platform-staging)",
    ]);
  });
}
