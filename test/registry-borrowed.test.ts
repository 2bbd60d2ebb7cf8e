/**
 * components/registry.ts: a review copy's borrowed repository takes the registry's host from ECR's
 * login endpoint, one value of an invoke that also answers the login password. An output-form invoke's
 * answer is secret as a whole when any part of it is (@pulumi/pulumi 3.248.0 runtime/invoke.js
 * `invokeOutput`: "maintaining secrets of the response"), so with the password a secret, as here, the
 * host must come out as the plain value it is, or the copy's image, and every diff of its workload,
 * would read [secret]. The harness's mock cloud answers plain values, so the render cannot show this.
 */
import * as pulumi from "@pulumi/pulumi";
import { createImageRegistry } from "../components/registry";
import type { RegistryConfig } from "../config/types";

const HOST = "210987654321.dkr.ecr.eu-west-1.amazonaws.com";

beforeAll(() =>
  pulumi.runtime.setMocks(
    {
      newResource: (args) => ({ id: args.name, state: args.inputs }),
      call: (args) =>
        args.token === "aws:ecr/getAuthorizationToken:getAuthorizationToken"
          ? { proxyEndpoint: `https://${HOST}`, userName: "AWS", password: pulumi.secret("ecr-password") }
          : {},
    },
    "slipway",
    "shop-pr-7",
    false,
  ),
);

const valueOf = (output: pulumi.Output<string>) => new Promise<string>((resolve) => output.apply(resolve));

test("a copy reading its original's repository gets that repository's URL on the login endpoint's host, not a secret", async () => {
  const registry = createImageRegistry("registry", {
    config: { mode: "ecr", scanOnPush: true, encryption: "kms", protect: false } as RegistryConfig,
    apps: [],
    stack: "shop-pr-7",
    tags: {},
    borrowed: { "rv-1-api": { stack: "shop", app: "api" } },
  });
  const url = registry!.repositoryFor("rv-1-api")!;
  expect(await valueOf(url)).toBe(`${HOST}/slipway/shop/api`);
  expect(await pulumi.isSecret(url)).toBe(false);
  // The password stays a secret where docker logs in with it.
  expect(await pulumi.isSecret(registry!.pushCredentials()!.password)).toBe(true);
});
