/**
 * The EKS cluster, rendered once: its control plane (endpoint, Secrets encryption, logs, OIDC), the
 * Kubernetes provider and storage, its outputs; who reaches it (cluster-access.ts) and its nodes and
 * add-ons (cluster-nodes.ts) on the same render.
 */
import { parse } from "yaml";
import { A, eksCluster } from "../support/aws";
import { at, find, render, webApp } from "../support/stack";
import type { RenderResult } from "../../tools/harness/render-stack";
import { clusterAccessTests, PRINCIPALS } from "./cluster-access";
import { clusterNodeTests } from "./cluster-nodes";

const { admin, viewer, driftChecker, teamDeploy } = PRINCIPALS;
const config = {
  environment: "dev",
  // Every kind an App can register, for the deployer role's test below.
  apps: {
    web: webApp({
      domains: ["www.example.com"],
      processes: { web: { autoscale: { min: 2, max: 4 } } },
      strategy: {
        type: "canary",
        steps: [{ setWeight: 50 }, { analysis: {} }],
        acceptance: { tests: { e2e: { image: { repository: "ghcr.io/acme/e2e", tag: "1.0.0" }, command: ["run"] } } },
      },
    }),
  },
  secrets: { web: { API_TOKEN: "not-a-real-token" } },
  cluster: eksCluster({
    endpoint: { publicAccessCidrs: ["203.0.113.0/24"] },
    access: {
      admins: [admin],
      viewers: [viewer],
      appStacks: { "team-a": { roleArn: teamDeploy, namespaces: ["shop", "cart"] } },
      driftCheckers: [driftChecker],
    },
    nodeGroups: {
      general: { instanceTypes: ["m7i.large"], min: 1, desired: 2, max: 4, diskSizeGiB: 80 },
      arm: {
        instanceTypes: ["m7g.large", "m6g.large"],
        arch: "arm64",
        capacityType: "spot",
        releaseVersion: "1.33.13-20260625",
        min: 0,
        desired: 0,
        max: 5,
        labels: { pool: "arm" },
        taints: [{ key: "pool", value: "arm", effect: "NoSchedule" }],
      },
    },
  }),
};

const json = (text: unknown) => JSON.parse(text as string);

describe("EKS cluster", () => {
  let result: RenderResult;
  beforeAll(async () => {
    result = await render(config);
  });

  test("private endpoint on, public endpoint only for the configured CIDRs", () => {
    const vpc = at(find(result, A.cluster, "cluster").inputs, "vpcConfig");
    expect(vpc).toMatchObject({
      endpointPrivateAccess: true,
      endpointPublicAccess: true,
      publicAccessCidrs: ["203.0.113.0/24"],
    });
  });

  test("without public CIDRs the public endpoint is off", async () => {
    const privateOnly = await render({ ...config, cluster: eksCluster() });
    const vpc = at(find(privateOnly, A.cluster, "cluster").inputs, "vpcConfig");
    expect(vpc.endpointPublicAccess).toBe(false);
    expect(vpc.publicAccessCidrs).toBeUndefined();
  });

  test("Kubernetes Secrets are envelope-encrypted with a rotating KMS key the control plane may use", () => {
    const cluster = find(result, A.cluster, "cluster").inputs;
    expect(at(cluster, "encryptionConfig.resources")).toEqual(["secrets"]);
    const keyArn = at(cluster, "encryptionConfig.provider.keyArn");
    expect(keyArn).toMatch(/^arn:aws:kms:eu-west-1:123456789012:key\//);
    expect(find(result, A.key, "cluster-secrets").inputs.enableKeyRotation).toBe(true);
    const policy = json(find(result, A.rolePolicy, "cluster-control-plane-secrets-key").inputs.policy);
    expect(policy.Statement).toEqual([
      {
        Effect: "Allow",
        Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"],
        Resource: keyArn,
      },
    ]);
  });

  test("control-plane logs (api, audit, authenticator) go to a log group with a retention, created first", () => {
    const cluster = find(result, A.cluster, "cluster");
    expect(cluster.inputs.enabledClusterLogTypes).toEqual(expect.arrayContaining(["api", "audit", "authenticator"]));
    const group = find(result, A.logGroup, "cluster-control-plane");
    expect(group.inputs).toMatchObject({ name: "/aws/eks/slipway-test/cluster", retentionInDays: 30 });
    expect(cluster.options.dependsOn).toContain(group.urn);
  });

  clusterAccessTests(() => result);

  test("an IAM OIDC provider for the cluster's issuer, for IRSA", () => {
    const provider = find(result, A.oidcProvider, "cluster-oidc").inputs;
    expect(provider.url).toMatch(/^https:\/\/oidc\.eks\.eu-west-1\.amazonaws\.com\/id\/[0-9A-F]{32}$/);
    expect(provider.clientIdLists).toEqual(["sts.amazonaws.com"]);
  });

  clusterNodeTests(() => result, config.cluster.addons);

  test("the Kubernetes provider's kubeconfig is a secret that authenticates with aws eks get-token, holding no credentials", () => {
    const provider = find(result, A.k8sProvider, "cluster-k8s");
    expect(provider.secretPaths).toContainEqual(["kubeconfig"]);
    const kubeconfig = parse(provider.inputs.kubeconfig as string);
    const user = kubeconfig.users[0].user;
    expect(Object.keys(user)).toEqual(["exec"]);
    expect(user.exec).toMatchObject({ command: "aws", apiVersion: "client.authentication.k8s.io/v1beta1" });
    expect(user.exec.args).toEqual([
      "--region",
      "eu-west-1",
      "eks",
      "get-token",
      "--cluster-name",
      "slipway-test",
      "--output",
      "json",
    ]);
    expect(kubeconfig.clusters[0].cluster.server).toMatch(
      /^https:\/\/[0-9A-F]{32}\.gr7\.eu-west-1\.eks\.amazonaws\.com$/,
    );
    expect(Buffer.from(kubeconfig.clusters[0].cluster["certificate-authority-data"], "base64").toString()).toContain(
      "BEGIN CERTIFICATE",
    );
  });

  test("every Kubernetes resource in the stack goes through that provider", () => {
    const provider = find(result, A.k8sProvider, "cluster-k8s").urn;
    const k8s = result.resources.filter((r) => r.custom && r.type.startsWith("kubernetes:"));
    expect(k8s.length).toBeGreaterThan(5);
    for (const resource of k8s) expect([resource.urn, resource.options.provider]).toEqual([resource.urn, provider]);
  });

  test("a default gp3 StorageClass, encrypted, bound when the pod is scheduled", () => {
    const storage = find(result, "kubernetes:storage.k8s.io/v1:StorageClass", "cluster-gp3").inputs;
    expect(storage).toMatchObject({
      provisioner: "ebs.csi.aws.com",
      parameters: { type: "gp3", encrypted: "true" },
      volumeBindingMode: "WaitForFirstConsumer",
      metadata: { annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
    });
  });

  test("the cluster security group carries the Karpenter discovery tag", () => {
    const tag = find(result, A.tag, "cluster-security-group-discovery").inputs;
    expect(tag).toMatchObject({ key: "karpenter.sh/discovery", value: "slipway-test" });
    expect(tag.resourceId).toMatch(/^sg-/);
  });

  test("stack outputs: name, endpoint and OIDC issuer in the clear, the kubeconfig as a secret", () => {
    expect(result.outputs.clusterName).toBe("slipway-test");
    expect(result.outputs.clusterEndpoint).toBe(at(JSON.parse(JSON.stringify(result.outputs)), "clusterEndpoint"));
    expect(result.outputs.clusterEndpoint).toMatch(/^https:\/\/.+\.eks\.amazonaws\.com$/);
    expect(result.outputs.oidcIssuer).toMatch(/^oidc\.eks\.eu-west-1\.amazonaws\.com\/id\/[0-9A-F]{32}$/);
    expect(result.outputs.kubeconfig).toBe("[secret]");
  });

  test("dev: no deletion protection; prod: deletion protection on", async () => {
    expect(find(result, A.cluster, "cluster").inputs.deletionProtection).toBe(false);
    const prod = await render({ ...config, environment: "prod" });
    expect(find(prod, A.cluster, "cluster").inputs.deletionProtection).toBe(true);
  });
});
