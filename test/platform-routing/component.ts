import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/kubernetes/provider";
import type { ClusterIdentity } from "../../components/cluster-identity";
import { Platform } from "../../components/platform";
import { CHECK_IMAGE_TAGS } from "../../components/platform/check-images";
import { platformSchema } from "../../config/platform";
import { installMockEngine, settle, type Registration } from "../../tools/harness/mock-engine";
import { withoutPromiseTraces } from "../../tools/harness/run-program";
import { H } from "../support/platform";

const ISSUER = "oidc.eks.eu-west-1.amazonaws.com/id/TEST";

function identity(mode: "eks" | "existing"): ClusterIdentity {
  const provider = new Provider("test-cluster", mode === "existing" ? { context: "kind-slipway" } : {});
  return mode === "eks"
    ? {
        mode,
        provider,
        oidc: {
          providerArn: pulumi.output(`arn:aws:iam::123456789012:oidc-provider/${ISSUER}`),
          issuer: pulumi.output(ISSUER),
        },
        eks: {
          clusterName: pulumi.output("unit-cluster"),
          endpoint: pulumi.output("https://unit.eks.eu-west-1.amazonaws.com"),
          region: pulumi.output("eu-west-1"),
          vpcId: pulumi.output("vpc-0unit"),
          privateSubnetIds: pulumi.output(["subnet-0a", "subnet-0b"]),
          clusterSecurityGroupId: pulumi.output("sg-0unitcluster"),
          nodeRoleName: pulumi.output("unit-nodes"),
          nodeRoleArn: pulumi.output("arn:aws:iam::123456789012:role/unit-nodes"),
          discoveryTag: { key: "karpenter.sh/discovery", value: "unit-cluster" },
        },
      }
    : { mode, provider };
}

async function build(mode: "eks" | "existing", platform: Record<string, unknown>): Promise<Registration[]> {
  const registrations = await installMockEngine("slipway", "unit");
  await withoutPromiseTraces(async () => {
    new Platform("platform", {
      cluster: identity(mode),
      clusterName: "unit-cluster",
      config: platformSchema("dev").parse(platform),
      stack: "unit",
      tenants: ["unit"],
      environment: "dev",
      domains: ["app.local.test"],
      podSecurityVersion: "v1.33",
      registry: { mode: mode === "eks" ? "ecr" : "off" },
      images: {},
      checkImages: CHECK_IMAGE_TAGS,
    });
    await settle();
  });
  return registrations;
}

const LOCAL = {
  router: { exposure: "nodePort" },
  certManager: { issuer: "self-signed" },
  logging: { destination: "stdout" },
  metricsServer: { kubeletInsecureTls: true },
  karpenter: { enabled: false },
  loadBalancerController: { enabled: false },
};

describe("Platform component", () => {
  test("on EKS, IRSA roles trust the given OIDC provider and exactly each service's account", async () => {
    const registrations = await build("eks", {});
    const roles = registrations.filter((r) => r.type === H.role && r.name !== "karpenter-node");
    expect(roles.map((r) => r.name).sort()).toEqual(["aws-load-balancer-controller", "fluent-bit", "karpenter"]);
    for (const role of roles) {
      const statement = JSON.parse(role.inputs.assumeRolePolicy as string).Statement[0];
      expect(statement.Principal.Federated).toBe(`arn:aws:iam::123456789012:oidc-provider/${ISSUER}`);
      expect(Object.keys(statement.Condition.StringEquals).sort()).toEqual([`${ISSUER}:aud`, `${ISSUER}:sub`]);
    }
    // Every Kubernetes object goes through the cluster's provider.
    const k8s = registrations.filter((r) => r.custom && r.type.startsWith("kubernetes:"));
    expect(new Set(k8s.map((r) => r.options.provider))).toEqual(
      new Set(["urn:pulumi:unit::slipway::pulumi:providers:kubernetes::test-cluster"]),
    );
  });

  test("on an existing local cluster it runs without AWS: node ports, self-signed TLS, logs to stdout", async () => {
    const registrations = await build("existing", LOCAL);
    expect(registrations.filter((r) => r.type.startsWith("aws:"))).toEqual([]);
    expect(registrations.filter((r) => r.type === "slipway:iam:ServiceAccountRole")).toEqual([]);
    const traefik = registrations.find((r) => r.type === H.chart && r.name === "traefik")!;
    expect((traefik.inputs.values as any).service).toEqual({ type: "NodePort" });
    const certificate = registrations.find((r) => r.type === H.certificate)!;
    expect((certificate.inputs.spec as any).issuerRef.name).toBe("self-signed");
  });

  test("on an existing cluster, services that need AWS are refused before anything is registered under the platform", async () => {
    const registrations = await installMockEngine("slipway", "unit");
    expect(
      () =>
        new Platform("platform", {
          cluster: identity("existing"),
          clusterName: "kind",
          config: platformSchema("dev").parse({ ...LOCAL, karpenter: { enabled: true } }),
          stack: "unit",
          tenants: ["unit"],
          environment: "dev",
          domains: [],
          podSecurityVersion: "v1.33",
          registry: { mode: "off" },
          images: {},
          checkImages: CHECK_IMAGE_TAGS,
        }),
    ).toThrow("slipway:platform.karpenter.enabled: need AWS through IRSA roles, but the cluster mode is existing");
    await settle();
    expect(
      registrations.filter((r) => r.type !== "slipway:platform:Platform" && r.type !== "pulumi:providers:kubernetes"),
    ).toEqual([]);
  });
});
