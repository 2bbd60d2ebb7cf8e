/** Platform config by key: the defaults each tier gets, and field errors naming the key (conflicts: config-conflicts.ts). */
import { EKS_AMI_RELEASE, NODE_GROUP_RELEASE_VERSIONS } from "../../config/eks-ami";
import { eksCluster } from "../support/aws";
import { parseStackConfig } from "../../config/stack";
import { conflictTests } from "./config-conflicts";

function problems(raw: Record<string, unknown>): string[] {
  const result = parseStackConfig(raw);
  return result.ok ? [] : result.problems.map((p) => `${p.key}: ${p.message}`);
}

function platform(raw: Record<string, unknown>, environment = "prod") {
  const result = parseStackConfig({ environment, ...raw });
  if (!result.ok) throw new Error(result.problems.map((p) => p.key).join(", "));
  return result.config.platform;
}

describe("platform config: defaults per tier", () => {
  test("dev runs one replica per controller, prod two", () => {
    const dev = platform({}, "dev");
    const prod = platform({}, "prod");
    for (const service of [
      "router",
      "certManager",
      "metricsServer",
      "rollouts",
      "karpenter",
      "loadBalancerController",
    ] as const) {
      expect([service, dev[service].replicas]).toEqual([service, 1]);
      expect([service, prod[service].replicas]).toEqual([service, 2]);
    }
    expect(prod.monitoring.prometheusReplicas).toBe(2);
    expect(dev.monitoring.prometheusReplicas).toBe(1);
  });

  test("prod issues from Let's Encrypt production, dev from staging; settings merge over the defaults", () => {
    expect(platform({}, "prod").certManager.issuer).toBe("letsencrypt");
    expect(platform({}, "dev").certManager.issuer).toBe("letsencrypt-staging");
    const merged = platform({ platform: { monitoring: { retention: "30d" }, router: { replicas: 3 } } }, "prod");
    expect(merged.monitoring.retention).toBe("30d");
    expect(merged.monitoring.storage.size).toBe("50Gi");
    expect(merged.router.replicas).toBe(3);
    expect(merged.router.resources).toEqual({ cpu: "100m", memory: "128Mi" });
  });

  test("optional services are off unless asked for; one node autoscaler is on", () => {
    const p = platform({ cluster: eksCluster() });
    expect([p.externalDns.enabled, p.externalSecrets.enabled, p.clusterAutoscaler.enabled]).toEqual([
      false,
      false,
      false,
    ]);
    expect(p.karpenter.enabled).toBe(true);
  });

  test("the managed node groups' default AMI releases are read from the same EKS AMI release Karpenter's nodes run", () => {
    // Bumping EKS_AMI_RELEASE without re-reading the per-minor release versions fails here.
    const date = EKS_AMI_RELEASE.slice(1);
    expect(Object.values(NODE_GROUP_RELEASE_VERSIONS).filter((v) => !v.endsWith(`-${date}`))).toEqual([]);
    expect(Object.entries(NODE_GROUP_RELEASE_VERSIONS).filter(([minor, v]) => !v.startsWith(`${minor}.`))).toEqual([]);
    expect(platform({ cluster: eksCluster() }, "prod").karpenter.amiAlias).toBe(`al2023@${EKS_AMI_RELEASE}`);
  });

  test("Karpenter's node image is a pinned EKS AMI release unless a stack outside prod asks for @latest", () => {
    for (const tier of ["dev", "prod"]) {
      expect(platform({ cluster: eksCluster() }, tier).karpenter.amiAlias).toMatch(/^al2023@v\d{8}$/);
    }
    const karpenter = (amiAlias: string) => ({ cluster: eksCluster(), platform: { karpenter: { amiAlias } } });
    expect(platform(karpenter("bottlerocket@v1.10.0"), "prod").karpenter.amiAlias).toBe("bottlerocket@v1.10.0");
    expect(platform(karpenter("al2023@latest"), "dev").karpenter.amiAlias).toBe("al2023@latest");
    expect(problems({ environment: "prod", ...karpenter("al2023@latest") })).toEqual([
      expect.stringMatching(/^slipway:platform\.karpenter\.amiAlias: @latest floats and is refused in prod: pin /),
    ]);
    for (const bad of ["al2023", "al2023@20260714", "al2023@v2026", "windows2022@latest", "bottlerocket@v1"]) {
      expect(problems({ environment: "dev", ...karpenter(bad) })).toEqual([
        expect.stringMatching(/^slipway:platform\.karpenter\.amiAlias: expected an AMI alias such as al2023@v\d{8}/),
      ]);
    }
  });
});

describe("platform config: field errors name the key", () => {
  test.each([
    [{ router: { replcas: 2 } }, 'slipway:platform.router.replcas: unknown key (did you mean "replicas"?)'],
    [
      { logging: { retentionDays: 10 } },
      "slipway:platform.logging.retentionDays: expected a CloudWatch retention in days",
    ],
    [
      { hostedZones: [{ domain: "example.com", zoneId: "abc" }] },
      "slipway:platform.hostedZones[0].zoneId: expected a Route 53 hosted zone ID",
    ],
    [
      { monitoring: { retention: "fifteen days" } },
      "slipway:platform.monitoring.retention: expected a Prometheus retention",
    ],
    [
      { certManager: { issuer: "acme" } },
      "slipway:platform.certManager.issuer: expected one of letsencrypt, letsencrypt-staging, self-signed",
    ],
    [{ logging: { destination: "forward" } }, "slipway:platform.logging.forward: expected { host, port }"],
    [
      { karpenter: { nodePool: { capacityTypes: ["reserved"] } } },
      "slipway:platform.karpenter.nodePool.capacityTypes[0]: expected one of on-demand, spot",
    ],
  ])("%j", (section, expected) => {
    expect(problems({ environment: "dev", platform: section }).join("\n")).toContain(expected);
  });
});

describe("platform config: conflicts and missing services name both keys", conflictTests);
