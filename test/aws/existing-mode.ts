import { Cluster } from "../../components/cluster";
import { clusterSchema } from "../../config/cluster";
import { installMockEngine, settle } from "../../tools/harness/mock-engine";
import { withoutPromiseTraces } from "../../tools/harness/run-program";
import { A, eksCluster } from "../support/aws";
import { find, ofType, render, webApp } from "../support/stack";

const apps = {
  web: webApp({ domains: ["www.example.com"] }),
  jobs: webApp({ processes: { worker: { command: ["bin/worker"] } } }),
};

describe("existing cluster mode", () => {
  test("registers no AWS resource and builds no image", async () => {
    const result = await render({ environment: "prod", cluster: { mode: "existing", context: "kind-slipway" }, apps });
    expect(result.resources.filter((r) => r.type.startsWith("aws:"))).toEqual([]);
    expect(result.resources.filter((r) => r.type.startsWith("docker:"))).toEqual([]);
    expect(result.outputs).toMatchObject({
      clusterName: "kind-slipway",
      registry: { mode: "off", repositories: {} },
      artifacts: {},
    });
    expect(result.outputs.kubeconfig).toBeUndefined();
  });

  test("every Kubernetes resource goes through a provider for the configured kubeconfig context", async () => {
    const result = await render({ environment: "dev", cluster: { mode: "existing", context: "kind-slipway" }, apps });
    const provider = find(result, A.k8sProvider, "cluster-k8s");
    expect(provider.inputs).toEqual({ context: "kind-slipway" });
    const objects = result.resources.filter((r) => r.custom && r.type.startsWith("kubernetes:"));
    expect(objects.length).toBeGreaterThan(10);
    for (const object of objects) expect(object.options.provider).toBe(provider.urn);
  });

  test("without slipway:cluster the kubeconfig's current context is used, still with no AWS resource", async () => {
    const result = await render({ environment: "dev", apps });
    expect(find(result, A.k8sProvider, "cluster-k8s").inputs).toEqual({});
    expect(ofType(result, A.cluster)).toEqual([]);
    expect(result.resources.some((r) => r.type.startsWith("aws:"))).toBe(false);
  });
});

describe("the cluster identity handed to the platform", () => {
  async function identityOf(config: Parameters<typeof eksCluster>[0] | { mode: "existing"; context?: string }) {
    await installMockEngine("slipway", "test");
    const parsed = clusterSchema("dev").parse(config);
    const network = {
      vpcId: "vpc-0123456789abcdef0",
      privateSubnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
    };
    return withoutPromiseTraces(async () => {
      const cluster =
        parsed.mode === "eks"
          ? new Cluster("cluster", { config: parsed, stack: "test", tags: {}, network })
          : new Cluster("cluster", { config: parsed, stack: "test", tags: {} });
      await settle();
      return cluster.identity;
    });
  }
  const value = <T>(output: { apply<U>(f: (v: T) => U): unknown }) =>
    new Promise<T>((resolve) =>
      output.apply((v) => {
        resolve(v);
        return v;
      }),
    );

  test("existing: the provider only, no OIDC, no EKS details", async () => {
    const identity = await identityOf({ mode: "existing", context: "kind-slipway" });
    expect(identity.mode).toBe("existing");
    expect(identity.provider).toBeDefined();
    expect(identity.oidc).toBeUndefined();
    expect(identity.eks).toBeUndefined();
  });

  test("eks: the provider, the OIDC issuer without scheme and its provider ARN, and what Karpenter needs", async () => {
    const identity = await identityOf(eksCluster());
    if (identity.mode !== "eks") throw new Error(`expected an eks identity, got ${identity.mode}`);
    const issuer = await value(identity.oidc.issuer);
    expect(issuer).toMatch(/^oidc\.eks\.eu-west-1\.amazonaws\.com\/id\/[0-9A-F]{32}$/);
    expect(await value(identity.oidc.providerArn)).toBe(`arn:aws:iam::123456789012:oidc-provider/${issuer}`);
    expect(identity.eks.discoveryTag).toEqual({ key: "karpenter.sh/discovery", value: "slipway-test" });
    expect(await value(identity.eks.clusterName)).toBe("slipway-test");
    expect(await value(identity.eks.nodeRoleName)).toMatch(/^cluster-nodes-/);
    expect(await value(identity.eks.privateSubnetIds)).toEqual([
      "subnet-0123456789abcdef0",
      "subnet-0123456789abcdef1",
    ]);
    expect(await value(identity.eks.region)).toBe("eu-west-1");
  });
});
