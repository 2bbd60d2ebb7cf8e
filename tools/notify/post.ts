/**
 * What `npm run notify` posts for a `pulumi up`: one Slack-compatible `{"text": …}` message per event
 * the stack subscribes to (`slipway:notifications.events`), through an injected sender (the real one
 * is `fetch`). The webhook URL is a credential: it is taken from the environment, never printed, and
 * left out of every error.
 */
import { parse } from "yaml";
import { notificationsSchema, type ReleaseEvent } from "../../config/notifications";

/** What the deploy workflow reports, and the release event each one is. */
export const UP_EVENTS = { started: "started", succeeded: "promoted", failed: "failed" } as const satisfies Record<
  string,
  ReleaseEvent
>;
export type UpEvent = keyof typeof UP_EVENTS;

export type Sender = (url: string, body: string) => Promise<{ ok: boolean; status: number }>;

export interface NotifyOptions {
  stack: string;
  event: UpEvent;
  commit?: string;
  /** Where the run can be read (the workflow run's URL). */
  link?: string;
}

/** The events a stack file subscribes to; none when it names no webhook. */
export function subscribedEvents(stackFile: string | undefined): ReleaseEvent[] {
  const config =
    stackFile === undefined ? undefined : (parse(stackFile) as { config?: Record<string, unknown> } | null)?.config;
  const parsed = notificationsSchema.safeParse(config?.["slipway:notifications"]);
  return parsed.success ? parsed.data.events : [];
}

function messageText(options: NotifyOptions): string {
  const what = {
    started: "pulumi up started",
    succeeded: "pulumi up succeeded: the release is live",
    failed: "pulumi up failed",
  }[options.event];
  const commit = options.commit ? ` (commit ${options.commit.slice(0, 7)})` : "";
  return `${options.stack}: ${what}${commit}${options.link ? ` ${options.link}` : ""}`;
}

/** Posts the message when the stack subscribes to the event; what happened, as a line for the log. */
export async function notify(
  options: NotifyOptions,
  events: ReleaseEvent[],
  url: string | undefined,
  send: Sender,
): Promise<string> {
  const event = UP_EVENTS[options.event];
  if (!events.includes(event)) return `stack ${options.stack} does not subscribe to ${event}: nothing posted`;
  if (!url) throw new Error("SLIPWAY_WEBHOOK_URL is not set: the deploy workflow reads it from the stack's secret");
  let response: { ok: boolean; status: number };
  try {
    response = await send(url, JSON.stringify({ text: messageText(options) }));
  } catch (error) {
    // The sender's own message may carry the URL: only its kind is reported, and it is not kept as the cause.
    // oxlint-disable-next-line preserve-caught-error -- the cause would carry the webhook URL
    throw new Error(`the webhook could not be reached (${(error as Error).name})`);
  }
  if (!response.ok) throw new Error(`the webhook answered HTTP ${response.status}`);
  return `posted ${event} for stack ${options.stack}`;
}
