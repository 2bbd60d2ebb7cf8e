/**
 * Platform config that contradicts itself or the rest of the stack: the Gateway's listener limit and
 * wildcards, services that need another (or AWS), domains outside a hosted zone. Each refusal names
 * both keys, and none registers anything. Registered by test/platform-routing/config.ts.
 */
import { ConfigError } from "../../config/errors";
import { parseStackConfig } from "../../config/stack";
import { eksCluster } from "../support/aws";
import { render, webApp } from "../support/stack";

function problems(raw: Record<string, unknown>): string[] {
  const result = parseStackConfig(raw);
  return result.ok ? [] : result.problems.map((p) => `${p.key}: ${p.message}`);
}

const routed = { shop: webApp({ domains: ["shop.example.com"] }) };
const zone = { domain: "example.com", zoneId: "Z0123456789ABC" };

export function conflictTests(): void {
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
}
