import { A, eksCluster } from "../support/aws";
import { ofType, render, webApp } from "../support/stack";
import type { RenderResult } from "../../tools/harness/render-stack";

const config = (environment: string, extra: Record<string, unknown> = {}) => ({
  environment,
  cluster: eksCluster({ endpoint: { publicAccessCidrs: ["203.0.113.0/24"] } }),
  artifacts: { buckets: { "build-artifacts": {}, "db-backups": {} } },
  apps: { web: webApp({ image: { tag: "1.0.0" } }), api: webApp() },
  ...extra,
});

function safety(result: RenderResult, type: string) {
  const found = ofType(result, type);
  expect(found.length).toBeGreaterThan(0);
  return found.map((r) => ({ name: r.name, protect: r.options.protect, retainOnDelete: r.options.retainOnDelete }));
}

describe("data safety", () => {
  let dev: RenderResult;
  let prod: RenderResult;
  beforeAll(async () => {
    dev = await render(config("dev"));
    prod = await render(config("prod"));
  });

  test("prod: buckets and repositories are protected and retained on delete", () => {
    for (const type of [A.bucket, A.repository]) {
      for (const entry of safety(prod, type))
        expect(entry).toEqual({ name: entry.name, protect: true, retainOnDelete: true });
    }
  });

  test("prod: KMS keys and the cluster are protected (and the cluster has deletion protection)", () => {
    const keys = safety(prod, A.key);
    expect(keys.map((k) => k.name).sort()).toEqual(["artifacts-key", "cluster-secrets", "logs"]);
    for (const entry of [...keys, ...safety(prod, A.cluster)]) expect(entry.protect).toBe(true);
    expect(ofType(prod, A.cluster)[0].inputs.deletionProtection).toBe(true);
  });

  test("dev: nothing is protected or retained, so a dev stack can be torn down", () => {
    for (const type of [A.bucket, A.repository, A.key, A.cluster]) {
      for (const entry of safety(dev, type))
        expect(entry).toEqual({ name: entry.name, protect: false, retainOnDelete: false });
    }
  });

  test("an explicit protect setting wins over the tier's default", async () => {
    const devProtected = await render(
      config("dev", { registry: { protect: true }, artifacts: { protect: true, buckets: { logs: {} } } }),
    );
    for (const type of [A.bucket, A.repository]) {
      for (const entry of safety(devProtected, type))
        expect([entry.protect, entry.retainOnDelete]).toEqual([true, true]);
    }
    expect(safety(devProtected, A.cluster)[0].protect).toBe(false);
  });
});
