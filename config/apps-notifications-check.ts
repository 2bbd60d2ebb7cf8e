/**
 * An apps stack's `slipway:notifications` against what its platform runs. Argo Rollouts reads a
 * Rollout's own namespace's notification ConfigMap and Secret only when its controller runs with
 * `--self-service-notification-enabled`, which `slipway:platform.rollouts.notifications` of the
 * platform stack turns on (components/platform/services/rollouts.ts); otherwise the team's webhook
 * would sit in its namespace unread and no release would ever be reported. A single stack checks its
 * own platform key (config/notifications.ts); an apps stack checks what the platform publishes.
 */
import type { ConfigProblem } from "./errors";
import type { NotificationsConfig } from "./notifications";
import type { PlatformForApps } from "./platform-outputs";

export function notificationsAgainstPlatform(
  notifications: NotificationsConfig | undefined,
  platform: Pick<PlatformForApps, "rolloutNotifications">,
  platformStack: string,
): ConfigProblem[] {
  if (!notifications || platform.rolloutNotifications === true) return [];
  return [
    {
      key: "slipway:notifications",
      message: `needs platform stack ${platformStack} to run its Argo Rollouts controller with app namespaces' notification config, which its outputs do not say (slipway:platform.rollouts.notifications is off there, or it was last updated by an older Slipway): set slipway:platform.rollouts.notifications: true in Pulumi.${platformStack.split("/").pop()}.yaml and run pulumi up on it first`,
    },
  ];
}
