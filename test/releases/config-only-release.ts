import { diffRecords, resourceRecords } from "../../tools/harness/render-files";
import type { RenderResult } from "../../tools/harness/render-stack";
import { at, find, render, T, webApp } from "../support/stack";

const base = {
  environment: "prod",
  apps: {
    web: webApp({ env: { LOG_LEVEL: "info" }, domains: ["www.example.com"], autoscale: { min: 2, max: 5 } }),
    jobs: webApp({ env: { QUEUE: "jobs" }, processes: { worker: { command: ["bin/worker"], replicas: 2 } } }),
  },
  secrets: { web: { DATABASE_URL: "postgres://one" }, jobs: { DATABASE_URL: "postgres://jobs" } },
};

function withEnv(env: Record<string, string>) {
  return { ...base, apps: { ...base.apps, web: { ...base.apps.web, env } } };
}

/** The base config rendered once for the tests that only read it (the determinism test renders twice itself). */
let baseRender: Promise<RenderResult> | undefined;
const renderedBase = () => (baseRender ??= render(base));

describe("config-only release", () => {
  test("the same config yields byte-identical inputs for every resource", async () => {
    const first = JSON.stringify((await render(base)).resources);
    const second = JSON.stringify((await render(base)).resources);
    expect(second).toBe(first);
  });

  test("changing one env value changes that app's ConfigMap and workload, nothing else", async () => {
    const before = await renderedBase();
    const after = await render(withEnv({ LOG_LEVEL: "debug" }));
    const changes = diffRecords(resourceRecords(before), resourceRecords(after));
    expect(changes.added).toEqual([]);
    expect(changes.removed).toEqual([]);
    expect(changes.changed.map((urn) => urn.split("::").pop()).sort()).toEqual(["web-config", "web-web"]);

    const oldName = at(find(before, T.configMap, "web-config").inputs, "metadata.name");
    const newName = at(find(after, T.configMap, "web-config").inputs, "metadata.name");
    expect(newName).not.toBe(oldName);
    const container = at(find(after, T.deployment, "web-web").inputs, "spec.template.spec.containers")[0];
    expect(container.envFrom).toContainEqual({ configMapRef: { name: newName } });
  });

  test("changing a secret changes that app's Secret name and workload, nothing else", async () => {
    const before = await renderedBase();
    const after = await render({ ...base, secrets: { ...base.secrets, web: { DATABASE_URL: "postgres://two" } } });
    const changes = diffRecords(resourceRecords(before), resourceRecords(after));
    expect(changes.changed.map((urn) => urn.split("::").pop()).sort()).toEqual(["web-secrets", "web-web"]);
    expect(changes.added).toEqual([]);
    expect(changes.removed).toEqual([]);
  });

  test("release objects are immutable and named by content", async () => {
    const result = await renderedBase();
    const configMap = find(result, T.configMap, "web-config").inputs;
    const secret = find(result, T.secret, "web-secrets").inputs;
    expect(configMap.immutable).toBe(true);
    expect(secret.immutable).toBe(true);
    expect(at(configMap, "metadata.name")).toMatch(/^web-config-[0-9a-f]{10}$/);
    expect(at(secret, "metadata.name")).toMatch(/^web-secrets-[0-9a-f]{10}$/);
  });

  test("a Secret's name does not reveal its values: it is a keyed digest, not a plain hash", async () => {
    const { createHash } = await import("node:crypto");
    const result = await renderedBase();
    const name: string = at(find(result, T.secret, "web-secrets").inputs, "metadata.name");
    const suffix = name.split("-").pop();
    const guesses = [
      JSON.stringify({ DATABASE_URL: "postgres://one" }),
      JSON.stringify([["DATABASE_URL"], ["postgres://one"]]),
      "postgres://one",
    ].map((text) => createHash("sha256").update(text).digest("hex").slice(0, 10));
    expect(guesses).not.toContain(suffix);
    // The pod template's checksum changes with the data, so pods roll.
    const template = at(find(result, T.deployment, "web-web").inputs, "spec.template.metadata.annotations");
    expect(template["slipway.dev/secret-checksum"]).toBe(suffix);
  });
});
