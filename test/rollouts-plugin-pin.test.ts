/**
 * Unverifiable pins are said, and a stack can replace them: the Gateway API traffic-router plugin's
 * binary URL and sha256 are set together under slipway:platform.rollouts.trafficRouterPlugin, refused
 * by key when either is missing or malformed, and a stack that sets them is not reported as unverified.
 */
import { parseStackConfig } from "../config/stack";
import { unseenByRender } from "../tools/harness/unseen";
import { eksCluster } from "./support/aws";
import { values } from "./support/platform";
import { render, webApp } from "./support/stack";

const URL = "https://artifacts.example.com/rollouts/gatewayapi-plugin-linux-amd64-v0.17.0";
const SHA256 = "ab".repeat(32);

function problems(trafficRouterPlugin: unknown): string[] {
  const result = parseStackConfig({
    environment: "dev",
    cluster: eksCluster(),
    platform: { rollouts: { trafficRouterPlugin } },
  });
  return result.ok ? [] : result.problems.map((p) => `${p.key}: ${p.message}`);
}

describe("slipway:platform.rollouts.trafficRouterPlugin", () => {
  test("url and sha256 are accepted together", () => {
    expect(problems({ url: URL, sha256: SHA256 })).toEqual([]);
  });

  test("each is refused by its key when missing or malformed, all at once", () => {
    const key = "slipway:platform.rollouts.trafficRouterPlugin";
    expect(problems({ url: URL })).toEqual([
      expect.stringMatching(
        new RegExp(`^${key}\\.sha256: expected the binary's sha256: 64 lowercase hexadecimal digits`),
      ),
    ]);
    expect(problems({ url: "http://artifacts.example.com/plugin", sha256: SHA256.toUpperCase() })).toEqual([
      expect.stringMatching(new RegExp(`^${key}\\.url: expected the https URL of the plugin's linux-amd64 binary`)),
      expect.stringMatching(new RegExp(`^${key}\\.sha256: expected the binary's sha256`)),
    ]);
    expect(problems({ url: `${URL}' && curl evil`, sha256: SHA256 })).toEqual([
      expect.stringMatching(new RegExp(`^${key}\\.url: expected the https URL`)),
    ]);
    expect(problems({ url: URL, sha256: SHA256, checksum: SHA256 })).toEqual([
      expect.stringMatching(new RegExp(`^${key}\\.checksum: unknown key`)),
    ]);
  });

  test("a stack's own pin is what the controller downloads and checks, and the render no longer calls it unverified", async () => {
    const result = await render({
      environment: "dev",
      cluster: eksCluster(),
      apps: { shop: webApp({ domains: ["shop.example.com"] }) },
      platform: { rollouts: { trafficRouterPlugin: { url: URL, sha256: SHA256 } } },
    });
    expect(values(result, "argo-rollouts").controller.trafficRouterPlugins).toEqual([
      { name: "argoproj-labs/gatewayAPI", location: URL, sha256: SHA256 },
    ]);
    expect(unseenByRender(result.resources, result.objects).unverifiedPins).toEqual([]);
  });
});
