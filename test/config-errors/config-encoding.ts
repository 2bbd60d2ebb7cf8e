/** What the CLI makes of a stack file that is not UTF-8 reaches the program as U+FFFD: refused by key. */
import { rejected, webApp } from "../support/stack";

test("a value holding U+FFFD is refused at its top-level key, without echoing it", async () => {
  const { messages, registered } = await rejected({
    environment: "dev",
    apps: { web: webApp({ env: { GREETING: "caf\uFFFD au lait" } }) },
  });
  expect(messages).toEqual([
    "slipway:apps: holds U+FFFD, the mark of bytes that were not valid UTF-8 when the stack file was read: save Pulumi.<stack>.yaml as UTF-8 and set the value again",
  ]);
  expect(messages.join("\n")).not.toContain("au lait");
  expect(registered).toEqual([]);
});
