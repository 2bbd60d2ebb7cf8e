/**
 * An app's release notifications through Argo Rollouts, configured in the app's OWN namespace: the
 * controller (with `slipway:platform.rollouts.notifications`) reads a notification ConfigMap and
 * Secret of fixed names in the Rollout's namespace. The platform's ConfigMap in the controller's
 * namespace stays empty and platform-owned, so one team's webhook is never in a place another team can
 * read, and no team can point another's Rollouts anywhere: only the namespace's own config and the
 * Rollout's own annotations decide where its notifications go.
 */
import type * as pulumi from "@pulumi/pulumi";
import { ConfigMap, Secret } from "@pulumi/kubernetes/core/v1";
import type { ReleaseEvent } from "../../config/notifications";

// argoproj/argo-rollouts v1.9.0 utils/record/record.go L51-52: the names the controller looks up.
const CONFIG_MAP = "argo-rollouts-notification-configmap";
const SECRET = "argo-rollouts-notification-secret";
/** The key of the webhook URL in the Secret; the service config names it as `$webhook-url`. */
const URL_KEY = "webhook-url";
const SERVICE = "slipway";

/**
 * The trigger a controller event fires: `on-` and its reason in kebab case (argoproj/argo-rollouts
 * v1.9.0 utils/record/record.go translateReasonToTrigger L488-494; the reasons RolloutUpdated,
 * RolloutCompleted, RolloutAborted and AnalysisRunFailed are in utils/conditions/conditions.go).
 */
const TRIGGERS: Record<ReleaseEvent, string> = {
  started: "on-rollout-updated",
  promoted: "on-rollout-completed",
  aborted: "on-rollout-aborted",
  failed: "on-analysis-run-failed",
};

const MESSAGES: Record<ReleaseEvent, string> = {
  started: "release started",
  promoted: "release promoted: the new version serves all traffic",
  aborted: "release aborted: the stable version serves all traffic",
  failed: "release analysis failed",
};

/**
 * `notifications.argoproj.io/subscribe.<trigger>.<service>: <recipients>` (docs/features/notifications.md
 * at v1.9.0); a webhook has no recipients, so the value is empty.
 */
export function notificationAnnotations(events: ReleaseEvent[]): Record<string, string> {
  return Object.fromEntries(
    events.map((event) => [`notifications.argoproj.io/subscribe.${TRIGGERS[event]}.${SERVICE}`, ""]),
  );
}

/**
 * The ConfigMap's data: a webhook service whose URL comes from the Secret (`$key`, as the service
 * examples in docs/generated/notification-services/webhook.md and docs/features/notifications.md), one
 * template with a Slack-compatible `{"text": …}` body and one trigger per event.
 */
function notificationData(app: string, stack: string, events: ReleaseEvent[]): Record<string, string> {
  const data: Record<string, string> = {
    [`service.webhook.${SERVICE}`]: `url: $${URL_KEY}\nheaders:\n- name: Content-Type\n  value: application/json\n`,
  };
  for (const event of events) {
    const text = `${stack}/${app}: ${MESSAGES[event]} ({{.rollout.metadata.name}}, revision {{index .rollout.metadata.annotations "rollout.argoproj.io/revision"}})`;
    data[`template.slipway-${event}`] =
      `webhook:\n  ${SERVICE}:\n    method: POST\n    body: |\n      ${JSON.stringify({ text })}\n`;
    data[`trigger.${TRIGGERS[event]}`] = `- send: [slipway-${event}]\n`;
  }
  return data;
}

export interface NotificationArgs {
  app: string;
  stack: string;
  namespace: pulumi.Input<string>;
  labels: Record<string, string>;
  webhookUrl: pulumi.Output<string>;
  events: ReleaseEvent[];
}

export function createNotifications(args: NotificationArgs, opts: pulumi.CustomResourceOptions): void {
  const metadata = (name: string) => ({ name, namespace: args.namespace, labels: args.labels });
  // Fixed names, so a change replaces them in place: delete first, or the create would collide.
  const replace = { ...opts, deleteBeforeReplace: true };
  new ConfigMap(
    `${args.app}-notifications`,
    { metadata: metadata(CONFIG_MAP), data: notificationData(args.app, args.stack, args.events) },
    replace,
  );
  new Secret(
    `${args.app}-notification-secret`,
    { metadata: metadata(SECRET), type: "Opaque", stringData: { [URL_KEY]: args.webhookUrl } },
    replace,
  );
}
