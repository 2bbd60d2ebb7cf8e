/**
 * Names users choose become object keys; a name that is also an Object.prototype member
 * (`constructor`, `toString`) must behave like any other name.
 */
import { at, find, render, T, webApp } from "../support/stack";

test("an app named constructor renders like any other app", async () => {
  const result = await render({ environment: "dev", apps: { constructor: webApp() } });
  expect(at(find(result, T.deployment, "constructor-web").inputs, "metadata.namespace")).toBe("constructor");
  expect(result.schemaProblems).toEqual([]);
});

test("a secret named toString is not mistaken for an env var of the same name", async () => {
  const result = await render({
    environment: "dev",
    apps: { web: webApp({ env: { LOG_LEVEL: "info" } }) },
    secrets: { web: { toString: "s3cr3t" } },
  });
  const [secret] = result.resources.filter((r) => r.type === T.secret);
  expect(Object.keys(at(secret.inputs, "stringData"))).toEqual(["toString"]);
});
