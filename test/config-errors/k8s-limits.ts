/**
 * Names, label values and object sizes the API server would refuse are config errors, reported
 * before anything is registered.
 */
import { readFileSync } from "node:fs";
import { stackNameProblems } from "../../config/k8s-limits";
import { rejectedInput, stackInput, webApp, type ConfigObject } from "../support/stack";

async function problems(config: ConfigObject, stack = "test"): Promise<string[]> {
  const { messages, registered } = await rejectedInput(stackInput(config, stack));
  expect(registered).toHaveLength(0);
  return messages;
}

describe("stack names", () => {
  test("the rule is cited at the Pulumi SDK release the project pins (re-read it on a bump)", () => {
    const cited = /pulumi\/pulumi (v\S+) sdk\/go\/common\/tokens\/stack_name\.go/.exec(
      readFileSync("config/stack-name.ts", "utf8"),
    )?.[1];
    const pinned = (JSON.parse(readFileSync("package.json", "utf8")) as { dependencies: Record<string, string> })
      .dependencies["@pulumi/pulumi"];
    expect(cited).toBe(`v${pinned}`);
  });

  // Pulumi's own rule first, in its words (pulumi/pulumi v3.248.0 sdk/go/common/tokens/stack_name.go:51-85).
  test.each([
    [
      "../x",
      'a stack name may only contain alphanumeric, hyphens, underscores, or periods: invalid character "/" at position 2',
    ],
    [
      "a/b",
      'a stack name may only contain alphanumeric, hyphens, underscores, or periods: invalid character "/" at position 1',
    ],
    [
      "dev stack",
      'a stack name may only contain alphanumeric, hyphens, underscores, or periods: invalid character " " at position 3',
    ],
    ["", "a stack name may not be empty"],
    ["x".repeat(101), "a stack name cannot exceed 100 characters"],
  ])("%j is refused by Pulumi's rule", (stack, pulumi) => {
    expect(stackNameProblems(stack)).toEqual([{ key: "stack", message: `expected a Pulumi stack name: ${pulumi}` }]);
  });

  // Names Pulumi admits but a label value cannot be (and `..` would be a path).
  test.each(["..", ".", "-dev", "dev_", "x".repeat(64)])("%j is refused", (stack) => {
    expect(stackNameProblems(stack)).toEqual([
      {
        key: "stack",
        message:
          "expected a stack name of at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit (it is the label slipway.dev/stack)",
      },
    ]);
  });

  test.each(["dev", "prod", "team_a.v2", "x".repeat(63)])("%j is accepted", (stack) => {
    expect(stackNameProblems(stack)).toEqual([]);
  });

  test("the program refuses a stack name that cannot be a label value", async () => {
    expect(await problems({ environment: "dev", apps: { web: webApp() } }, "staging.")).toEqual([
      "stack: expected a stack name of at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit (it is the label slipway.dev/stack)",
    ]);
  });
});

test("an app and stack name too long together for the instance label name the app's key", async () => {
  const app = "a".repeat(30);
  const stack = "s".repeat(40);
  expect(await problems({ environment: "dev", apps: { [app]: webApp() } }, stack)).toEqual([
    `slipway:apps.${app}: makes the label app.kubernetes.io/instance "${app}-${stack}" (71 characters); expected at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit: shorten the app or stack name`,
  ]);
});

test("an env over a ConfigMap's 1 MiB names the app's env key", async () => {
  const env = { BIG: "x".repeat(2_000_000) };
  expect(await problems({ environment: "dev", apps: { web: webApp({ env }) } })).toEqual([
    "slipway:apps.web.env: expected at most 1048576 bytes in total (the limit of a ConfigMap), got 2000003",
  ]);
});

test("an env just under 1 MiB, counting its names, is accepted", async () => {
  const env = { A: "x".repeat(1024 * 1024 - 2), B: "" };
  await expect(problems({ environment: "dev", apps: { web: webApp({ env }) } })).rejects.toThrow(
    "expected the config to be rejected",
  );
});

test("secrets over a Secret's 1 MiB are refused without echoing a value", async () => {
  const value = "s3cr3t".repeat(200_000);
  const messages = await problems({ environment: "dev", apps: { web: webApp() }, secrets: { web: { BLOB: value } } });
  expect(messages).toEqual([
    "slipway:secrets.web: expected at most 1048576 bytes in total (the limit of a Secret), got 1200000",
  ]);
});

test("chart values' annotations past the API server's 256 KiB name their key", async () => {
  const podAnnotations = { "example.com/big": "x".repeat(300_000) };
  const platform = { router: { values: { deployment: { podAnnotations } } } };
  expect(await problems({ environment: "dev", apps: { web: webApp() }, platform })).toEqual([
    "slipway:platform.router.values.deployment.podAnnotations: expected annotations of at most 262144 bytes in total (the API server's limit on one object), got 300015",
  ]);
});

test("a domain whose TLS Secret name passes 253 characters names the domain's key", async () => {
  const label = "d".repeat(59);
  const domain = `${label}.${label}.${label}.${label}.example.com`; // 251 characters
  expect(domain).toHaveLength(251);
  expect(await problems({ environment: "dev", apps: { web: webApp({ domains: [domain] }) } })).toEqual([
    "slipway:apps.web.domains[0]: makes the TLS Secret name 255 characters long; expected at most 253 (a Kubernetes object name): use a shorter domain or a wildcard that covers it",
  ]);
});
