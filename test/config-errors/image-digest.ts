/** Issue 14: a tag is pinned to its digest; prod refuses one it cannot pin, other tiers run the tag. */
import { at, find, render, T, webApp } from "../support/stack";

// The mock cloud's registries fail lookups on hosts under .invalid, as an unreachable registry does.
const UNREACHABLE = { image: { repository: "registry.invalid/acme/web", tag: "1.0.0" } };

test("prod refuses a tag it cannot resolve to a digest, naming the config key", async () => {
  await expect(render({ environment: "prod", apps: { shop: webApp(UNREACHABLE) } })).rejects.toThrow(
    /slipway:apps\.shop\.image: cannot resolve registry\.invalid\/acme\/web:1\.0\.0 to a digest/,
  );
});

test("dev runs a tag it cannot resolve unpinned, with the tag as its version", async () => {
  const result = await render({ environment: "dev", apps: { shop: webApp(UNREACHABLE) } });
  const template = at(find(result, T.deployment, "shop-web").inputs, "spec.template");
  expect(at(template, "spec.containers")[0].image).toBe("registry.invalid/acme/web:1.0.0");
  expect(at(template, "metadata.labels")["app.kubernetes.io/version"]).toBe("1.0.0");
});
