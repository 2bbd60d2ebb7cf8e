/**
 * `slipway:notifications`: a Slack-compatible webhook that hears about an app's releases. Its URL is
 * a secret like any other, named here by `<app>.<NAME>` under `slipway:secrets`, so it is set with
 * `pulumi config set --secret --path` and never sits in plain config. Rollouts report through Argo
 * Rollouts notifications (components/app/notifications.ts), `pulumi up` through the deploy workflow
 * (`npm run notify`).
 */
import { z } from "zod";
import type { ConfigProblem } from "./errors";

const RELEASE_EVENTS = ["started", "promoted", "aborted", "failed"] as const;
export type ReleaseEvent = (typeof RELEASE_EVENTS)[number];

const WEBHOOK_ERROR = "expected <app>.<NAME>: the secret under slipway:secrets that holds the webhook's URL";

export const notificationsSchema = z.strictObject({
  /** The secret holding the webhook's URL, as `<app>.<NAME>` under `slipway:secrets` (e.g. `storefront.SLACK_WEBHOOK_URL`). */
  webhook: z.string({ error: WEBHOOK_ERROR }).regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?\.[A-Za-z_][A-Za-z0-9_]*$/, {
    error: WEBHOOK_ERROR,
  }),
  /** Which release events are posted. @default all: started, promoted, aborted, failed */
  events: z
    .array(z.enum(RELEASE_EVENTS, { error: `expected one of ${RELEASE_EVENTS.join(", ")}` }))
    .min(1, { error: "expected at least one event (leave out slipway:notifications to post none)" })
    .default([...RELEASE_EVENTS]),
});

export type NotificationsConfig = z.output<typeof notificationsSchema>;

/** The app and the name of the webhook's secret. */
export function webhookSecret(config: Pick<NotificationsConfig, "webhook">): { app: string; name: string } {
  const [app, name] = config.webhook.split(".");
  return { app, name };
}

/** The webhook must name a secret the stack holds. */
export function webhookSecretProblems({
  notifications,
  secrets,
}: {
  notifications?: NotificationsConfig;
  secrets: Record<string, Record<string, string>>;
}): ConfigProblem[] {
  if (notifications === undefined) return [];
  const { app, name } = webhookSecret(notifications);
  if (Object.hasOwn(secrets, app) && Object.hasOwn(secrets[app], name)) return [];
  return [
    {
      key: "slipway:notifications.webhook",
      message: `names slipway:secrets.${app}.${name}, which the stack does not hold; set it with pulumi config set --secret --path 'slipway:secrets.${app}.${name}' <url>`,
    },
  ];
}

/**
 * A single stack's own controller must read notification config from the apps' namespaces (an apps
 * stack's platform turns it on). Only whether `slipway:notifications` is set matters here, valid or not.
 */
export function notificationControllerProblems({
  layer,
  notifications,
  platform,
}: {
  layer: string;
  notifications?: unknown;
  platform: { rollouts: { notifications: boolean } };
}): ConfigProblem[] {
  if (notifications === undefined || layer === "apps" || platform.rollouts.notifications) return [];
  return [
    {
      key: "slipway:notifications",
      message:
        "needs slipway:platform.rollouts.notifications: true (the controller then reads each app namespace's notification config)",
    },
  ];
}
