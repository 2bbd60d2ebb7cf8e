/**
 * Release notifications in a split deployment: an apps stack's `slipway:notifications` works only if
 * its platform's Argo Rollouts controller reads app namespaces' notification config, which the
 * platform publishes in its outputs (platformForApps.rolloutNotifications). Without it the apps stack
 * is refused by key before anything is registered; with it the team's Rollout reports from its own
 * namespace.
 */
import { withPlatform } from "../../tools/harness/platform-outputs";
import { renderStack, type RenderResult } from "../../tools/harness/render-stack";
import type { StackInput, StackOutputs } from "../../tools/harness/run-program";
import { readStackFile } from "../../tools/harness/stack-file";
import { at, find, rejectedInput, T } from "../support/stack";

const URL = "https://hooks.slack.example/services/T000/B000/shop-team";

/** shop-staging as committed, with a webhook kept among storefront's secrets. */
function shopWithWebhook(): StackInput {
  const input = readStackFile("Pulumi.shop-staging.yaml", "shop-staging");
  const secrets = JSON.parse(input.config["slipway:secrets"]);
  secrets.storefront.SLACK_WEBHOOK_URL = URL;
  return {
    ...input,
    config: {
      ...input.config,
      "slipway:secrets": JSON.stringify(secrets),
      "slipway:notifications": JSON.stringify({ webhook: "storefront.SLACK_WEBHOOK_URL" }),
    },
  };
}

/** platform-staging as committed, with the controller reading app namespaces' notification config. */
function platformWithNotifications(): StackInput {
  const input = readStackFile("Pulumi.platform-staging.yaml", "platform-staging");
  const platform = JSON.parse(input.config["slipway:platform"]);
  platform.rollouts = { ...platform.rollouts, notifications: true };
  return { ...input, config: { ...input.config, "slipway:platform": JSON.stringify(platform) } };
}

export function appsNotificationTests(platformOutputs: () => StackOutputs, platform: () => RenderResult): void {
  test("the committed platform leaves it off and publishes nothing: an apps stack naming a webhook is refused by key, nothing registered", async () => {
    expect(platform().outputs.platformForApps).not.toHaveProperty("rolloutNotifications");
    const { messages, registered } = await rejectedInput(withPlatform(shopWithWebhook(), platformOutputs()));
    expect(registered).toEqual([]);
    expect(messages).toEqual([
      "slipway:notifications: needs platform stack platform-staging to run its Argo Rollouts controller with app namespaces' notification config, which its outputs do not say (slipway:platform.rollouts.notifications is off there, or it was last updated by an older Slipway): set slipway:platform.rollouts.notifications: true in Pulumi.platform-staging.yaml and run pulumi up on it first",
    ]);
  });

  test("a platform with slipway:platform.rollouts.notifications publishes it, and the apps stack's Rollout then reports from its own namespace", async () => {
    const notifying = await renderStack(platformWithNotifications());
    const { rolloutNotifications } = notifying.outputs.platformForApps as Record<string, unknown>;
    expect(rolloutNotifications).toBe(true);
    const outputs = platformOutputs();
    const forApps = { ...(outputs.values.platformForApps as object), rolloutNotifications };
    const shop = await renderStack(
      withPlatform(shopWithWebhook(), { ...outputs, values: { ...outputs.values, platformForApps: forApps } }),
    );
    expect(at(find(shop, T.configMap, "storefront-notifications").inputs, "metadata.namespace")).toBe("storefront");
    expect(at(find(shop, T.secret, "storefront-notification-secret").inputs, "stringData")).toEqual({
      "webhook-url": URL,
    });
    expect(Object.keys(at(find(shop, T.rollout, "storefront-web").inputs, "metadata.annotations"))).toContain(
      "notifications.argoproj.io/subscribe.on-rollout-aborted.slipway",
    );
  });
}
