import { A, check, deploymentInputs, K, resource } from "./support/policy";

function workload(name: string, replicas?: number) {
  const inputs = deploymentInputs(name);
  inputs.spec.replicas = replicas;
  return resource(K.deployment, name, inputs);
}
const pdb = (name: string, matchLabels: Record<string, string>, namespace = "shop") =>
  resource(K.pdb, name, {
    kind: "PodDisruptionBudget",
    metadata: { name, namespace },
    spec: { maxUnavailable: 1, selector: { matchLabels } },
  });
const hpa = (name: string, minReplicas: number | undefined, target = { kind: "Deployment", name }) =>
  resource(K.hpa, name, {
    kind: "HorizontalPodAutoscaler",
    metadata: { name, namespace: "shop" },
    spec: { scaleTargetRef: { apiVersion: "apps/v1", ...target }, minReplicas, maxReplicas: 5 },
  });

const messages = async (resources: Parameters<typeof check>[1], environment = "prod") =>
  (await check("prod-high-availability", resources, environment)).map((v) => v.message);

describe("prod-high-availability", () => {
  test("passes for 2 replicas with a PDB, and for an HPA with min 3 with a PDB", async () => {
    expect(
      await messages([
        workload("web", 2),
        pdb("web", { app: "web" }),
        workload("api"),
        hpa("api", 3),
        pdb("api", { app: "api" }),
      ]),
    ).toEqual([]);
  });

  test("passes for a Rollout with replicas and a PDB (the HPA and PDB work for Rollouts too)", async () => {
    const rollout = resource(K.rollout, "web", {
      kind: "Rollout",
      metadata: { name: "web", namespace: "shop" },
      spec: { template: { metadata: { labels: { app: "web" } } } },
    });
    expect(
      await messages([rollout, hpa("web", 2, { kind: "Rollout", name: "web" }), pdb("web", { app: "web" })]),
    ).toEqual([]);
  });

  test("a Deployment a Rollout borrows its template from (workloadRef) is judged through the Rollout", async () => {
    const template = workload("web", 0);
    const rollout = resource(K.rollout, "web", {
      kind: "Rollout",
      metadata: { name: "web", namespace: "shop" },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: "web" } },
        workloadRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" },
      },
    });
    expect(await messages([template, rollout, pdb("web", { app: "web" })])).toEqual([]);
    expect(await messages([template, pdb("web", { app: "web" })])).toEqual([
      "Deployment shop/web: replicas is 0, expected ≥ 2",
    ]);
  });

  test("fails for one replica, for no replica count and no HPA, and for an HPA with min 1", async () => {
    expect(
      await messages([
        workload("a", 1),
        pdb("a", { app: "a" }),
        workload("b"),
        pdb("b", { app: "b" }),
        workload("c"),
        hpa("c", undefined),
        pdb("c", { app: "c" }),
      ]),
    ).toEqual([
      "Deployment shop/a: replicas is 1, expected ≥ 2",
      "Deployment shop/b: replicas is 1, expected ≥ 2",
      "Deployment shop/c: HPA minReplicas is 1, expected ≥ 2",
    ]);
  });

  test("fails without a PDB that selects the pods in the same namespace", async () => {
    expect(
      await messages([workload("web", 3), pdb("other", { app: "other" }), pdb("web", { app: "web" }, "elsewhere")]),
    ).toEqual(["Deployment shop/web: no PodDisruptionBudget selects its pods"]);
  });

  test("an HPA for another workload does not count", async () => {
    expect(await messages([workload("web"), hpa("api", 3), pdb("web", { app: "web" })])).toEqual([
      "Deployment shop/web: replicas is 1, expected ≥ 2",
    ]);
  });

  test("is disabled in dev, advisory in staging", async () => {
    const single = [workload("web", 1)];
    expect(await check("prod-high-availability", single, "dev")).toEqual([]);
    expect((await check("prod-high-availability", single, "staging")).map((v) => v.enforcement)).toEqual([
      "advisory",
      "advisory",
    ]);
  });
});

describe("prod-stateful-protected", () => {
  const stateful = (protect: boolean) => [
    resource(A.bucketV2, "artifacts", {}, { protect }),
    resource(A.repository, "web", {}, { protect }),
    resource(A.key, "secrets", {}, { protect }),
    resource(A.cluster, "main", {}, { protect }),
    resource(A.dbInstance, "db", {}, { protect }),
  ];

  test("passes when every stateful resource is protected; stateless ones need not be", async () => {
    expect(
      await check("prod-stateful-protected", [...stateful(true), resource(A.launchTemplate, "nodes", {})]),
    ).toEqual([]);
  });

  test("fails for each unprotected stateful resource in prod, and says nothing in dev", async () => {
    expect((await check("prod-stateful-protected", stateful(false))).map((v) => v.message)).toEqual([
      "aws:s3/bucketV2:BucketV2 artifacts: not protected (protect: true)",
      "aws:ecr/repository:Repository web: not protected (protect: true)",
      "aws:kms/key:Key secrets: not protected (protect: true)",
      "aws:eks/cluster:Cluster main: not protected (protect: true)",
      "aws:rds/instance:Instance db: not protected (protect: true)",
    ]);
    expect(await check("prod-stateful-protected", stateful(false), "dev")).toEqual([]);
  });
});
