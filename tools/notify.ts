/**
 * `npm run notify -- --stack <name> --event started|succeeded|failed`: posts a `pulumi up`'s progress
 * to the stack's webhook (tools/notify/post.ts). The URL comes from SLIPWAY_WEBHOOK_URL, which the
 * deploy workflow reads from the stack's secret and masks; it is never a flag or a log line.
 * Exit codes: 0 posted or not subscribed; 1 the post failed; 2 usage error.
 */
import { existsSync, readFileSync } from "node:fs";
import { runCommand } from "./cli";
import { notifyCommand } from "./commands";
import { notify, subscribedEvents, type Sender } from "./notify/post";

const post: Sender = async (url, body) => {
  const response = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body });
  return { ok: response.ok, status: response.status };
};

runCommand(notifyCommand, async (options) => {
  const file = `Pulumi.${options.stack}.yaml`;
  try {
    const events = subscribedEvents(existsSync(file) ? readFileSync(file, "utf8") : undefined);
    console.log(await notify(options, events, process.env.SLIPWAY_WEBHOOK_URL, post));
    return 0;
  } catch (error) {
    console.error(`notify: ${(error as Error).message}`);
    return 1;
  }
});
