import { EKS_AMI_RELEASE, NODE_GROUP_RELEASE_VERSIONS } from "../../config/eks-ami";
import { eksCluster } from "../support/aws";
import { parseStackConfig } from "../../config/stack";
import { ConfigError } from "../../config/errors";
import { render, webApp } from "../support/stack";

function problems(raw: Record<string, unknown>): string[] {
  const result = parseStackConfig(raw);
  return result.ok ? [] : result.problems.map((p) => `${p.key}: ${p.message}`);
}

function platform(raw: Record<string, unknown>, environment = "prod") {
  const result = parseStackConfig({ environment, ...raw });
  if (!result.ok) throw new Error(result.problems.map((p) => p.key).join(", "));
  return result.config.platform;
}

const routed = { shop: webApp({ domains: ["shop.example.com"] }) };
const zone = { domain: "example.com", zoneId: "Z0123456789ABC" };

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

describe("platform config: conflicts and missing services name both keys", () => {
  const apps = (count: number, zone = "example.com") =>
    Object.fromEntries(
      Array.from({ length: count }, (_, i) => {
        const name = `app-${String(i).padStart(3, "0")}`;
        return [name, { image: { repository: `ghcr.io/acme/${name}`, tag: "1.0.0" }, domains: [`${name}.${zone}`] }];
      }),
    );

  test("more HTTPS listeners than a Gateway has is refused, naming the first domain over the limit", () => {
    // 63 HTTPS listeners and the HTTP redirect fill the Gateway API limit of 64 exactly.
    expect(problems({ environment: "dev", cluster: eksCluster(), apps: apps(63) })).toEqual([]);
    const over = problems({ environment: "dev", cluster: eksCluster(), apps: apps(64) });
    expect(over).toEqual([
      expect.stringMatching(
        /^slipway:apps\.app-063\.domains\[0\]: the shared Gateway has at most 63 HTTPS listeners .* needs 64:/,
      ),
    ]);
  });

  test("a Gateway wildcard takes the app domains one label under it off the listener count", () => {
    const platform = { gateway: { wildcards: ["*.apps.example.com"] }, certManager: { issuer: "self-signed" } };
    expect(
      problems({ environment: "dev", cluster: eksCluster(), platform, apps: apps(300, "apps.example.com") }),
    ).toEqual([]);
    // Two labels under the wildcard are not covered (TLS wildcards match one label): each needs its own listener.
    const deeper = problems({
      environment: "dev",
      cluster: eksCluster(),
      platform,
      apps: apps(64, "eu.apps.example.com"),
    });
    expect(deeper).toEqual([
      expect.stringMatching(
        /^slipway:apps\.app-062\.domains\[0\]: the shared Gateway has at most 63 HTTPS listeners .* needs 65:/,
      ),
    ]);
  });

  test("a Gateway wildcard needs DNS-01 in a hosted zone unless the issuer is self-signed, and cert-manager", () => {
    const wildcard = { wildcards: ["*.apps.example.com"] };
    expect(problems({ environment: "prod", cluster: eksCluster(), platform: { gateway: wildcard } })).toContain(
      "slipway:platform.gateway.wildcards[0]: a wildcard certificate needs DNS-01: add its zone to slipway:platform.hostedZones (slipway:platform.certManager.issuer is letsencrypt)",
    );
    expect(
      problems({
        environment: "prod",
        cluster: eksCluster(),
        platform: { gateway: wildcard, hostedZones: [{ domain: "example.com", zoneId: "Z0123456789ABC" }] },
      }),
    ).toEqual([]);
    expect(
      problems({
        environment: "dev",
        cluster: eksCluster(),
        platform: { gateway: wildcard, certManager: { enabled: false } },
      }),
    ).toContain(
      "slipway:platform.gateway.wildcards[0]: needs a TLS certificate, but slipway:platform.certManager.enabled is false",
    );
    expect(
      problems({ environment: "dev", platform: { gateway: { wildcards: ["apps.example.com"] } } }).join("\n"),
    ).toContain("slipway:platform.gateway.wildcards[0]: expected a wildcard domain such as *.apps.example.com");
  });

  test("two node autoscalers", () => {
    expect(
      problems({ environment: "dev", cluster: eksCluster(), platform: { clusterAutoscaler: { enabled: true } } }),
    ).toContainEqual(
      "slipway:platform.clusterAutoscaler.enabled: conflicts with slipway:platform.karpenter.enabled: run one node autoscaler, not both",
    );
    expect(
      problems({
        environment: "dev",
        cluster: eksCluster(),
        platform: { clusterAutoscaler: { enabled: true }, karpenter: { enabled: false } },
      }),
    ).toEqual([]);
  });

  test("TLS domains without cert-manager, routed domains without the router", () => {
    expect(
      problems({ environment: "dev", apps: routed, platform: { certManager: { enabled: false } } }),
    ).toContainEqual(
      "slipway:apps.shop.domains[0]: needs a TLS certificate, but slipway:platform.certManager.enabled is false",
    );
    expect(
      problems({
        environment: "dev",
        apps: routed,
        platform: { router: { enabled: false }, certManager: { enabled: false } },
      }),
    ).toContainEqual(
      "slipway:apps.shop.domains[0]: is routed through the shared Gateway, but slipway:platform.router.enabled is false",
    );
    // An app that is not routable needs neither.
    const internal = { api: webApp({ domains: ["api.example.com"], routable: false }) };
    expect(
      problems({
        environment: "dev",
        apps: internal,
        platform: { router: { enabled: false }, certManager: { enabled: false } },
      }),
    ).toEqual([]);
  });

  test("cert-manager and external-dns serve the Gateway: they need the router", () => {
    expect(problems({ environment: "dev", platform: { router: { enabled: false } } })).toContainEqual(
      "slipway:platform.certManager.enabled: serves the shared Gateway, but slipway:platform.router.enabled is false",
    );
  });

  test("canary apps need progressive delivery and monitoring; blue/green needs progressive delivery", () => {
    // Routed, as a canary must be (its own rule): an app with a problem of its own waits for it first.
    const canary = { shop: { ...routed.shop, strategy: { type: "canary" } } };
    const found = problems({
      environment: "dev",
      apps: canary,
      platform: { rollouts: { enabled: false }, monitoring: { enabled: false } },
    });
    expect(found).toContainEqual(
      "slipway:apps.shop.strategy.type: canary needs the Argo Rollouts controller, but slipway:platform.rollouts.enabled is false",
    );
    expect(found).toContainEqual(
      "slipway:apps.shop.strategy.type: canary analysis queries Prometheus, but slipway:platform.monitoring.enabled is false",
    );
    const blueGreen = { shop: { ...webApp(), strategy: { type: "blueGreen" } } };
    expect(
      problems({ environment: "dev", apps: blueGreen, platform: { rollouts: { enabled: false } } }),
    ).toContainEqual(
      "slipway:apps.shop.strategy.type: blueGreen needs the Argo Rollouts controller, but slipway:platform.rollouts.enabled is false",
    );
  });

  test("external-dns needs hosted zones, and every routed domain inside one", () => {
    expect(problems({ environment: "dev", platform: { externalDns: { enabled: true } } })).toContainEqual(
      "slipway:platform.externalDns.enabled: needs at least one zone in slipway:platform.hostedZones",
    );
    const apps = { shop: webApp({ domains: ["shop.example.com", "shop.example.org"] }) };
    // Route 53 is reached through IRSA, which only an EKS cluster has.
    const found = problems({
      environment: "dev",
      cluster: eksCluster(),
      apps,
      platform: { externalDns: { enabled: true }, hostedZones: [zone] },
    });
    expect(found).toEqual([
      "slipway:apps.shop.domains[1]: is in none of slipway:platform.hostedZones, so slipway:platform.externalDns.enabled cannot publish it",
    ]);
  });

  test("a wildcard domain needs DNS-01, so its zone must be configured", () => {
    const apps = { shop: webApp({ domains: ["*.shops.example.com"] }) };
    expect(problems({ environment: "dev", apps })).toContainEqual(
      "slipway:apps.shop.domains[0]: a wildcard certificate needs DNS-01: add its zone to slipway:platform.hostedZones (slipway:platform.certManager.issuer is letsencrypt-staging)",
    );
    expect(problems({ environment: "dev", cluster: eksCluster(), apps, platform: { hostedZones: [zone] } })).toEqual(
      [],
    );
  });

  test("hosted zones need AWS: a stack without slipway:cluster runs on an existing cluster", () => {
    expect(problems({ environment: "dev", platform: { hostedZones: [zone] } })).toEqual([
      "slipway:platform.hostedZones: needs AWS through an IRSA role, but slipway:cluster.mode is existing (turn it off for a local cluster)",
    ]);
  });

  test("two domains that would share a certificate name", () => {
    const apps = { a: webApp({ domains: ["*.example.com"] }), b: webApp({ domains: ["wildcard.example.com"] }) };
    expect(problems({ environment: "dev", apps, platform: { hostedZones: [zone] } })).toContainEqual(
      'slipway:apps.b.domains[0]: would share the certificate name "wildcard.example.com" with slipway:apps.a.domains[0]',
    );
  });

  test("on an existing (local) cluster, every setting that needs AWS is named", () => {
    const found = problems({
      environment: "dev",
      cluster: { mode: "existing" },
      platform: {
        externalDns: { enabled: true },
        hostedZones: [zone],
        logging: { destination: "cloudwatch" },
        karpenter: { enabled: true },
        loadBalancerController: { enabled: true },
      },
    });
    for (const key of [
      "hostedZones",
      "externalDns.enabled",
      "logging.destination",
      "karpenter.enabled",
      "loadBalancerController.enabled",
    ]) {
      expect(found).toContainEqual(
        `slipway:platform.${key}: needs AWS through an IRSA role, but slipway:cluster.mode is existing (turn it off for a local cluster)`,
      );
    }
  });

  test("on an existing cluster, services that need AWS are off unless asked for", () => {
    expect(problems({ environment: "dev", cluster: { mode: "existing" } })).toEqual([]);
  });

  test("an invalid platform config registers nothing", async () => {
    await expect(
      render({ environment: "dev", cluster: eksCluster(), platform: { clusterAutoscaler: { enabled: true } } }),
    ).rejects.toBeInstanceOf(ConfigError);
  });
});
