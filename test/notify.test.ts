/** `npm run notify`: what the deploy workflow posts, to which stacks, and that the URL never leaks. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { notify, subscribedEvents, type Sender } from "../tools/notify/post";

const URL = "https://hooks.slack.example/services/T000/B000/secret-path";
const withNotifications = (events?: string) =>
  readFileSync(join(__dirname, "..", "Pulumi.dev.yaml"), "utf8") +
  `  slipway:notifications:\n    webhook: storefront.SLACK_WEBHOOK_URL\n${events ? `    events: ${events}\n` : ""}`;

function recorder(answer: { ok: boolean; status: number } | Error = { ok: true, status: 200 }) {
  const posts: Array<{ url: string; body: unknown }> = [];
  const send: Sender = async (url, body) => {
    posts.push({ url, body: JSON.parse(body) });
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { posts, send };
}

test("a stack that names a webhook hears every event by default; a stack that names none, nothing", () => {
  expect(subscribedEvents(withNotifications())).toEqual(["started", "promoted", "aborted", "failed"]);
  expect(subscribedEvents(withNotifications("[failed]"))).toEqual(["failed"]);
  expect(subscribedEvents(readFileSync(join(__dirname, "..", "Pulumi.dev.yaml"), "utf8"))).toEqual([]);
  expect(subscribedEvents(undefined)).toEqual([]);
});

test("posts a Slack-compatible text message naming the stack, the outcome and the commit", async () => {
  const { posts, send } = recorder();
  const line = await notify(
    {
      stack: "prod",
      event: "succeeded",
      commit: "0123456789abcdef",
      link: "https://github.com/acme/slipway/actions/runs/1",
    },
    ["promoted"],
    URL,
    send,
  );
  expect(posts).toEqual([
    {
      url: URL,
      body: {
        text: "prod: pulumi up succeeded: the release is live (commit 0123456) https://github.com/acme/slipway/actions/runs/1",
      },
    },
  ]);
  expect(line).toBe("posted promoted for stack prod");
  expect(line).not.toContain("secret-path");
});

test("an event the stack does not subscribe to posts nothing", async () => {
  const { posts, send } = recorder();
  await expect(notify({ stack: "prod", event: "started" }, ["failed"], URL, send)).resolves.toBe(
    "stack prod does not subscribe to started: nothing posted",
  );
  expect(posts).toEqual([]);
});

test("failures say what went wrong without the URL", async () => {
  const refused = recorder({ ok: false, status: 404 });
  await expect(notify({ stack: "prod", event: "failed" }, ["failed"], URL, refused.send)).rejects.toThrow(
    "the webhook answered HTTP 404",
  );
  const unreachable = recorder(new TypeError(`fetch failed: ${URL}`));
  const error = await notify({ stack: "prod", event: "failed" }, ["failed"], URL, unreachable.send).catch(
    (e: Error) => e,
  );
  expect(String(error)).toBe("Error: the webhook could not be reached (TypeError)");
  await expect(notify({ stack: "prod", event: "failed" }, ["failed"], undefined, refused.send)).rejects.toThrow(
    "SLIPWAY_WEBHOOK_URL is not set",
  );
});
