import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { KARPENTER_CRDS_CHART } from "../components/platform/services/karpenter";
import { UPSTREAM_CRDS } from "../tools/harness/crd/bundles";
import { A, check, resource } from "./support/policy";

const EC2_NODE_CLASS = "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass";

const messages = async (policy: string, ...resources: Parameters<typeof check>[1]) =>
  (await check(policy, resources)).map((v) => v.message);

const goodRepository = {
  name: "web",
  imageScanningConfiguration: { scanOnPush: true },
  imageTagMutability: "IMMUTABLE",
  forceDelete: false,
};
const goodCluster = {
  roleArn: "arn:aws:iam::123456789012:role/eks",
  enabledClusterLogTypes: ["api", "audit", "authenticator", "controllerManager"],
  encryptionConfig: { resources: ["secrets"], provider: { keyArn: "arn:aws:kms:eu-west-1:123456789012:key/1" } },
  vpcConfig: {
    subnetIds: ["subnet-1"],
    endpointPrivateAccess: true,
    endpointPublicAccess: true,
    publicAccessCidrs: ["203.0.113.0/24"],
  },
};

describe("ECR", () => {
  test("ecr-scan-on-push passes when scanning on push, fails otherwise", async () => {
    expect(await messages("ecr-scan-on-push", resource(A.repository, "web", goodRepository))).toEqual([]);
    expect(
      await messages(
        "ecr-scan-on-push",
        resource(A.repository, "web", { ...goodRepository, imageScanningConfiguration: undefined }),
      ),
    ).toEqual(["repository web: scanOnPush is not true"]);
  });

  test("ecr-immutable-tags passes for IMMUTABLE, fails for MUTABLE and for the default", async () => {
    expect(await messages("ecr-immutable-tags", resource(A.repository, "web", goodRepository))).toEqual([]);
    expect(
      await messages(
        "ecr-immutable-tags",
        resource(A.repository, "a", { ...goodRepository, imageTagMutability: "MUTABLE" }),
        resource(A.repository, "b", { ...goodRepository, imageTagMutability: undefined }),
      ),
    ).toEqual(["repository a: imageTagMutability is MUTABLE", "repository b: imageTagMutability is MUTABLE (default)"]);
  });
});

describe("EKS", () => {
  test("eks-control-plane-logging passes with api, audit and authenticator, fails naming what is missing", async () => {
    expect(await messages("eks-control-plane-logging", resource(A.cluster, "main", goodCluster))).toEqual([]);
    expect(
      await messages(
        "eks-control-plane-logging",
        resource(A.cluster, "main", { ...goodCluster, enabledClusterLogTypes: ["api"] }),
      ),
    ).toEqual(["cluster main: control-plane logs not enabled: audit, authenticator"]);
  });

  test("eks-secrets-encryption passes with a KMS key for secrets, fails without", async () => {
    expect(await messages("eks-secrets-encryption", resource(A.cluster, "main", goodCluster))).toEqual([]);
    expect(
      await messages(
        "eks-secrets-encryption",
        resource(A.cluster, "main", { ...goodCluster, encryptionConfig: undefined }),
      ),
    ).toEqual(["cluster main: Kubernetes Secrets are not envelope-encrypted with a KMS key"]);
  });

  test("eks-restricted-endpoint passes for listed CIDRs or a private-only endpoint", async () => {
    const privateOnly = {
      ...goodCluster,
      vpcConfig: { subnetIds: [], endpointPrivateAccess: true, endpointPublicAccess: false },
    };
    expect(
      await messages(
        "eks-restricted-endpoint",
        resource(A.cluster, "a", goodCluster),
        resource(A.cluster, "b", privateOnly),
      ),
    ).toEqual([]);
  });

  test("eks-restricted-endpoint fails for the AWS defaults (public, open to 0.0.0.0/0, no private access)", async () => {
    const defaults = { ...goodCluster, vpcConfig: { subnetIds: ["subnet-1"] } };
    expect(await messages("eks-restricted-endpoint", resource(A.cluster, "main", defaults))).toEqual([
      "cluster main: endpointPrivateAccess is not true",
      "cluster main: public endpoint is open to the internet; restrict publicAccessCidrs or turn it off",
    ]);
    const open = {
      ...goodCluster,
      vpcConfig: { ...goodCluster.vpcConfig, publicAccessCidrs: ["10.0.0.0/8", "0.0.0.0/0"] },
    };
    expect(await messages("eks-restricted-endpoint", resource(A.cluster, "main", open))).toHaveLength(1);
  });

  test("eks-restricted-endpoint fails for the internet split into halves", async () => {
    const halves = {
      ...goodCluster,
      vpcConfig: { ...goodCluster.vpcConfig, publicAccessCidrs: ["0.0.0.0/1", "128.0.0.0/1"] },
    };
    expect(await messages("eks-restricted-endpoint", resource(A.cluster, "main", halves))).toEqual([
      "cluster main: public endpoint is open to the internet; restrict publicAccessCidrs or turn it off",
    ]);
  });
});

describe("ec2-imdsv2-required", () => {
  test("passes for a launch template requiring tokens and a node group that uses one", async () => {
    const template = resource(A.launchTemplate, "nodes", {
      metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 },
    });
    const group = resource(A.nodeGroup, "nodes", { clusterName: "main", launchTemplate: { id: "lt-1", version: "1" } });
    expect(await messages("ec2-imdsv2-required", template, group)).toEqual([]);
  });

  test("fails for a template allowing IMDSv1, and for a node group without a template", async () => {
    const template = resource(A.launchTemplate, "nodes", {
      metadataOptions: { httpTokens: "optional", httpPutResponseHopLimit: 1 },
    });
    const group = resource(A.nodeGroup, "nodes", { clusterName: "main" });
    expect(await messages("ec2-imdsv2-required", template, group)).toEqual([
      'launch template nodes: metadataOptions.httpTokens is not "required"',
      "node group nodes: has no launch template, so IMDSv2 is not required on its nodes",
    ]);
  });
});

describe("ec2-imdsv2-required: hop limit", () => {
  const nodeClass = (metadataOptions?: object) =>
    resource(EC2_NODE_CLASS, "default", {
      apiVersion: "karpenter.k8s.aws/v1",
      kind: "EC2NodeClass",
      spec: { role: "nodes", metadataOptions },
    });

  test("refuses a launch template whose hop limit lets pods reach instance metadata (2, the old default), or leaves it unset", async () => {
    const two = resource(A.launchTemplate, "two", {
      metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 2 },
    });
    const unset = resource(A.launchTemplate, "unset", { metadataOptions: { httpTokens: "required" } });
    expect(await messages("ec2-imdsv2-required", two, unset)).toEqual([
      "launch template two: metadataOptions.httpPutResponseHopLimit is 2, not 1: pods could reach instance metadata and the node role",
      "launch template unset: metadataOptions.httpPutResponseHopLimit is unset, not 1: pods could reach instance metadata and the node role",
    ]);
  });

  test("refuses a Karpenter EC2NodeClass at hop limit 2 or allowing IMDSv1; Karpenter's own default (hop 1, tokens) passes", async () => {
    expect(await messages("ec2-imdsv2-required", nodeClass(), nodeClass({ httpPutResponseHopLimit: 1 }))).toEqual([]);
    expect(
      await messages("ec2-imdsv2-required", nodeClass({ httpTokens: "optional", httpPutResponseHopLimit: 2 })),
    ).toEqual([
      'EC2NodeClass default: spec.metadataOptions.httpTokens is not "required"',
      "EC2NodeClass default: spec.metadataOptions.httpPutResponseHopLimit is 2, not 1: pods could reach instance metadata and the node role",
    ]);
  });

  test("Karpenter's default when metadataOptions is unset is still hop limit 1 at the pinned CRD", () => {
    const crd = parse(
      readFileSync(
        join(UPSTREAM_CRDS, `karpenter-${KARPENTER_CRDS_CHART.version}`, "karpenter.k8s.aws_ec2nodeclasses.yaml"),
        "utf8",
      ),
    );
    const spec = crd.spec.versions.find((v: any) => v.name === "v1").schema.openAPIV3Schema.properties.spec;
    expect(spec.properties.metadataOptions.default).toMatchObject({
      httpTokens: "required",
      httpPutResponseHopLimit: 1,
    });
  });
});

describe("kms-key-rotation", () => {
  test("passes for a rotating symmetric key and for an asymmetric key (which cannot rotate)", async () => {
    expect(
      await messages(
        "kms-key-rotation",
        resource(A.key, "secrets", { enableKeyRotation: true }),
        resource(A.key, "signing", { customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" }),
      ),
    ).toEqual([]);
  });

  test("fails for a symmetric key without rotation", async () => {
    expect(await messages("kms-key-rotation", resource(A.key, "secrets", {}))).toEqual([
      "key secrets: enableKeyRotation is not true",
    ]);
  });
});
