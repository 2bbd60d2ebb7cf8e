import { createHash } from "node:crypto";
import { planRelease, type ReleaseRecord } from "../../components/app/release-history";
import type { RenderResult } from "../../tools/harness/render-stack";
import { at, find, ofType, render, renderAfter, T, webApp } from "../support/stack";

/** One version of the stack: the app's env, its one secret, its kept history, its image tag. */
function version(level: string, password: string, releaseHistory = 2, tag = "1.0.0") {
  return {
    environment: "prod",
    apps: {
      shop: webApp({
        image: { repository: "ghcr.io/acme/web", tag },
        domains: ["shop.example.com"],
        env: { LEVEL: level },
        releaseHistory,
        strategy: { type: "canary" },
      }),
    },
    secrets: { shop: { DATABASE_URL: password } },
  };
}

/** The app's own objects of a kind (the platform has ConfigMaps and Secrets too). */
const byKind = (result: RenderResult, type: string) =>
  new Map(
    ofType(result, type)
      .filter((r) => r.parent === find(result, T.app, "shop").urn)
      .map((r) => [r.urn, r]),
  );
const envFrom = (result: RenderResult) =>
  at(find(result, T.rollout, "shop-web").inputs, "spec.template.spec.containers")[0].envFrom;
/** The ConfigMap and Secret the web pods of a render use: their URNs and names. */
function current(result: RenderResult) {
  const [config, secret] = envFrom(result);
  const pick = (type: string, name: string) =>
    ofType(result, type).find((r) => at(r.inputs, "metadata.name") === name)!;
  return { config: pick(T.configMap, config.configMapRef.name), secret: pick(T.secret, secret.secretRef.name) };
}

describe("release objects across successive updates", () => {
  let v1: RenderResult;
  let v2: RenderResult;
  beforeAll(async () => {
    v1 = await render(version("info", "pg://one"));
    v2 = await renderAfter(v1, version("debug", "pg://two", 2, "1.1.0"));
  });

  test("the next update keeps the previous release's ConfigMap and Secret, same resources, same objects", () => {
    const previous = current(v1);
    const keptConfig = byKind(v2, T.configMap).get(previous.config.urn)!;
    const keptSecret = byKind(v2, T.secret).get(previous.secret.urn)!;
    expect(at(keptConfig.inputs, "metadata.name")).toBe(at(previous.config.inputs, "metadata.name"));
    expect(at(keptSecret.inputs, "metadata.name")).toBe(at(previous.secret.inputs, "metadata.name"));
    // Re-registered as they are: immutable data is left as created, secret values are not re-sent.
    expect(keptConfig.options.ignoreChanges).toEqual(["data"]);
    expect(keptSecret.options.ignoreChanges).toEqual(["data", "stringData"]);
    expect(keptSecret.inputs.stringData).toBeUndefined();
    expect(v2.schemaProblems).toEqual([]);
  });

  test("the new release runs on its own new objects", () => {
    const now = current(v2);
    const before = current(v1);
    expect(now.config.urn).not.toBe(before.config.urn);
    expect(now.secret.urn).not.toBe(before.secret.urn);
    expect(now.config.inputs.data).toEqual({ LEVEL: "debug" });
    expect(now.secret.inputs.stringData).toEqual({ DATABASE_URL: "pg://two" });
    expect(now.config.options.ignoreChanges).toEqual([]);
  });

  test("the exported history lists the new release first, then the previous one", () => {
    const history = v2.stackOutputs.values.releaseHistory as Record<string, ReleaseRecord[]>;
    const names = (result: RenderResult) => envFrom(result).map((e: any) => e.configMapRef?.name ?? e.secretRef.name);
    expect(history.shop.map((r) => [r.config.name, r.secret?.name])).toEqual([names(v2), names(v1)]);
    expect(v2.stackOutputs.secretNames).toContain("releaseNameKey");
    expect(v2.stackOutputs.secretNames).not.toContain("releaseHistory");
    expect(v2.outputs.releaseNameKey).toBe("[secret]");
  });

  test("the history records the digest each release ran, as the mock registry answered it for its tag", () => {
    const history = v2.stackOutputs.values.releaseHistory as Record<string, ReleaseRecord[]>;
    // The mock registry's digest: sixteen zeros, then the sha256 of the reference (tools/harness/mock-digests.ts).
    const pinned = (tag: string) =>
      `ghcr.io/acme/web@sha256:${"0".repeat(16)}${createHash("sha256").update(`ghcr.io/acme/web:${tag}`).digest("hex").slice(0, 48)}`;
    expect(history.shop.map((r) => [r.image, r.version])).toEqual([
      [pinned("1.1.0"), "1.1.0"],
      [pinned("1.0.0"), "1.0.0"],
    ]);
  });

  test("objects older than releaseHistory are no longer registered, so the next successful update deletes them", async () => {
    const v3 = await renderAfter(v2, version("warn", "pg://three", 1));
    const urns = new Set([...byKind(v3, T.configMap).keys(), ...byKind(v3, T.secret).keys()]);
    expect(urns.has(current(v2).config.urn) && urns.has(current(v2).secret.urn)).toBe(true);
    expect(urns.has(current(v1).config.urn) || urns.has(current(v1).secret.urn)).toBe(false);
    expect(urns.size).toBe(4);
  });

  test("a rollback to a kept release reuses its objects instead of creating existing names again", async () => {
    const back = await renderAfter(v2, version("info", "pg://one"));
    const before = new Set([...byKind(v2, T.configMap).keys(), ...byKind(v2, T.secret).keys()]);
    const after = [...byKind(back, T.configMap).keys(), ...byKind(back, T.secret).keys()];
    expect(after.filter((urn) => !before.has(urn))).toEqual([]);
    expect(current(back).config.urn).toBe(current(v1).config.urn);
    expect(current(back).secret.urn).toBe(current(v1).secret.urn);
    expect(current(back).secret.inputs.stringData).toEqual({ DATABASE_URL: "pg://one" });
  });

  test("an unchanged config on the next update changes no input, although the Secret is now named without waiting for the key", async () => {
    const again = await renderAfter(v1, version("info", "pg://one"));
    const inputs = (r: RenderResult) => new Map(r.resources.map((x) => [x.urn, x.inputs]));
    expect(inputs(again)).toEqual(inputs(v1));
  });
});

describe("release planning", () => {
  const record = (config: string, secret?: string): ReleaseRecord => ({
    config: { name: config, resource: config },
    ...(secret ? { secret: { name: secret, resource: secret } } : {}),
  });

  test("a release seen before moves to the front instead of appearing twice", () => {
    const plan = planRelease({
      app: "a",
      configName: "c1",
      secret: { name: "s1" },
      previous: [record("c2", "s2"), record("c1", "s1")],
      keep: 5,
    });
    expect(plan.history().map((r) => r.config.name)).toEqual(["c1", "c2"]);
    expect(plan.configResource).toBe("c1");
  });

  test("a new image with the same config is a new release; the objects kept do not depend on the image", () => {
    const input = { app: "a", configName: "c1", previous: [{ ...record("c1"), image: "r@sha256:1" }], keep: 1 };
    const plan = planRelease(input);
    const history = (image: string) => plan.history(undefined, { image }).map((r) => r.image);
    expect(history("r@sha256:2")).toEqual(["r@sha256:2", "r@sha256:1"]);
    expect(history("r@sha256:1")).toEqual(["r@sha256:1"]);
    expect(plan.retainedConfigs).toEqual([]);
  });

  test("an object shared by kept releases is registered once, and never twice with the current one", () => {
    const plan = planRelease({
      app: "a",
      configName: "c1",
      secret: { name: "s3" },
      previous: [record("c1", "s2"), record("c2", "s1"), record("c2", "s0")],
      keep: 3,
    });
    expect(plan.retainedConfigs.map((r) => r.name)).toEqual(["c2"]);
    expect(plan.retainedSecrets.map((r) => r.name)).toEqual(["s2", "s1", "s0"]);
  });

  test("a stack's first update uses plain resource names, later ones name objects after themselves", () => {
    expect(planRelease({ app: "a", configName: "a-config-1", secret: {}, previous: [], keep: 2 })).toMatchObject({
      configResource: "a-config",
      secretResource: "a-secrets",
      retainedConfigs: [],
      retainedSecrets: [],
    });
    expect(
      planRelease({
        app: "a",
        configName: "a-config-2",
        previous: [{ config: { name: "a-config-1", resource: "a-config" } }],
        keep: 2,
      }).configResource,
    ).toBe("a-config-2");
  });

  test("a history without the Secret's name cannot be continued", () => {
    expect(() => planRelease({ app: "a", configName: "c", secret: {}, previous: [record("c0")], keep: 2 })).toThrow(
      /naming key/,
    );
  });
});
