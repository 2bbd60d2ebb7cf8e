import { GATEWAY_API_CRDS_CHART, ROUTER_CHART } from "../../components/platform/services/router";
import { diffRecords, resourceRecords } from "../../tools/harness/render-files";
import type { RenderResult } from "../../tools/harness/render-stack";
import { H, helm, hasHelm, platformStack, urn, values } from "../support/platform";
import { at, find, ofType, render, T } from "../support/stack";

const zone = { domain: "example.com", zoneId: "Z0123456789ABC" };
let dev: RenderResult;
let prod: RenderResult;

beforeAll(async () => {
  dev = await render(
    platformStack({}, "dev", { shop: ["shop.example.com", "www.example.com"], blog: ["blog.example.com"] }),
  );
  prod = await render(platformStack({ hostedZones: [zone] }, "prod"));
});

describe("router", () => {
  test("Traefik and the Gateway API CRDs are pinned and installed in the router's namespace", () => {
    for (const [name, pin] of [
      ["traefik", ROUTER_CHART],
      ["gateway-api-crds", GATEWAY_API_CRDS_CHART],
    ] as const) {
      const install = helm(dev, name).inputs;
      expect([install.chart, install.version, at(install, "repositoryOpts.repo"), install.namespace]).toEqual([
        pin.chart,
        pin.version,
        pin.repo,
        "slipway-router",
      ]);
    }
    expect(helm(dev, "traefik").type).toBe(H.chart);
    expect(helm(dev, "traefik").inputs.skipCrds).toBe(true);
    expect(values(dev, "gateway-api-crds")).toEqual({ gatewayAPI: true, traefik: false, hub: false });
    expect(at(find(dev, T.namespace, "router-ns").inputs, "metadata.name")).toBe("slipway-router");
  });

  test("Traefik serves Gateway API only, with fine latency buckets and per-service metrics", () => {
    const v = values(dev, "traefik");
    expect(v.providers).toEqual({
      kubernetesGateway: { enabled: true, statusAddress: { service: { enabled: true } } },
      kubernetesCRD: { enabled: false },
      kubernetesIngress: { enabled: false },
    });
    expect(v.metrics.prometheus.addServicesLabels).toBe(true);
    expect(v.metrics.prometheus.buckets.split(",")).toHaveLength(11);
    expect([v.gateway.enabled, v.gatewayClass.enabled]).toEqual([false, false]);
    expect(v.resources.requests).toEqual({ cpu: "100m", memory: "128Mi" });
  });

  test("prod runs two replicas with a disruption budget and zone spread; dev runs one without", () => {
    expect(values(prod, "traefik").deployment.replicas).toBe(2);
    expect(values(prod, "traefik").podDisruptionBudget).toEqual({ enabled: true, minAvailable: 1 });
    expect(values(prod, "traefik").topologySpreadConstraints[0].topologyKey).toBe("topology.kubernetes.io/zone");
    expect(values(dev, "traefik").deployment.replicas).toBe(1);
    expect(values(dev, "traefik").podDisruptionBudget.enabled).toBe(false);
  });

  test("exposed through an NLB by the AWS Load Balancer Controller, the in-tree provider, or node ports", async () => {
    expect(values(prod, "traefik").service.annotations).toEqual({
      "service.beta.kubernetes.io/aws-load-balancer-type": "external",
      "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
      "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing",
    });
    expect(helm(prod, "traefik").options.dependsOn).toContain(helm(prod, "aws-load-balancer-controller").urn);
    const inTree = await render(
      platformStack({ loadBalancerController: { enabled: false }, router: { scheme: "internal" } }),
    );
    expect(values(inTree, "traefik").service.annotations).toEqual({
      "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
      "service.beta.kubernetes.io/aws-load-balancer-internal": "true",
    });
    expect(hasHelm(inTree, "aws-load-balancer-controller")).toBe(false);
    const local = await render(
      platformStack({
        router: { exposure: "nodePort", nodePorts: { http: 30080, https: 30443 } },
        loadBalancerController: { enabled: false },
      }),
    );
    expect(values(local, "traefik").service).toEqual({ type: "NodePort" });
    expect(values(local, "traefik").ports.websecure).toEqual({ port: 8443, exposedPort: 443, nodePort: 30443 });
  });

  test("the Gateway has an HTTP listener for the redirect only and an HTTPS listener per domain", () => {
    const gateway = find(dev, H.gateway, "gateway").inputs;
    expect(at(gateway, "metadata")).toEqual({ name: "slipway", namespace: "slipway-router" });
    expect(at(gateway, "spec.gatewayClassName")).toBe("traefik");
    const listeners = at(gateway, "spec.listeners");
    expect(listeners.map((l: any) => [l.name, l.protocol, l.port, l.hostname])).toEqual([
      ["http", "HTTP", 8000, undefined],
      ["blog.example.com", "HTTPS", 8443, "blog.example.com"],
      ["shop.example.com", "HTTPS", 8443, "shop.example.com"],
      ["www.example.com", "HTTPS", 8443, "www.example.com"],
    ]);
    expect(listeners[0].allowedRoutes).toEqual({ namespaces: { from: "Same" } });
    expect(listeners[1].tls).toEqual({
      mode: "Terminate",
      certificateRefs: [{ group: "", kind: "Secret", name: "blog.example.com-tls" }],
    });
    expect(listeners[1].allowedRoutes.namespaces.selector.matchLabels).toEqual({
      "app.kubernetes.io/part-of": "slipway",
    });
    // The app namespaces carry that label, so their routes may attach.
    expect(at(find(dev, T.namespace, "shop-ns").inputs, "metadata.labels")["app.kubernetes.io/part-of"]).toBe(
      "slipway",
    );
  });

  test("plain HTTP is redirected to HTTPS", () => {
    const redirect = find(dev, T.httpRoute, "https-redirect").inputs;
    expect(at(redirect, "spec.parentRefs")[0]).toMatchObject({ name: "slipway", sectionName: "http" });
    expect(at(redirect, "spec.rules")[0].filters).toEqual([
      { type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } },
    ]);
  });

  test("CRDs before the GatewayClass and Gateway; the Gateway before every app's route and workload", () => {
    const crds = helm(dev, "gateway-api-crds").urn;
    expect(find(dev, H.gatewayClass, "gateway-class").options.dependsOn).toContain(crds);
    expect(find(dev, H.gateway, "gateway").options.dependsOn).toEqual(
      expect.arrayContaining([crds, urn(dev, H.gatewayClass, "gateway-class")]),
    );
    const gateway = urn(dev, H.gateway, "gateway");
    for (const [type, name] of [
      [T.httpRoute, "shop-route"],
      [T.deployment, "shop-web"],
      [T.service, "shop-web"],
    ]) {
      expect([name, find(dev, type, name).options.dependsOn]).toEqual([name, expect.arrayContaining([crds, gateway])]);
    }
  });

  test("Prometheus scrapes the router through a PodMonitor created after the operator's CRDs", () => {
    const monitor = find(dev, H.podMonitor, "traefik-metrics");
    expect(at(monitor.inputs, "spec.podMetricsEndpoints")).toEqual([
      { port: "metrics", path: "/metrics", interval: "15s" },
    ]);
    expect(monitor.options.dependsOn).toContain(helm(dev, "kube-prometheus-stack").urn);
  });

  test("with the router off there is no Gateway, no Traefik and no certificate", async () => {
    const off = await render({
      environment: "dev",
      platform: { router: { enabled: false }, certManager: { enabled: false } },
    });
    expect(ofType(off, H.gateway)).toEqual([]);
    expect(hasHelm(off, "traefik")).toBe(false);
    expect(ofType(off, H.certificate)).toEqual([]);
  });
});

describe("the Gateway's listeners follow the apps' domains", () => {
  test("adding a domain to one app changes only that app's route, the Gateway and adds that domain's certificate", async () => {
    const before = await render(platformStack({}, "dev", { shop: ["shop.example.com"], blog: ["blog.example.com"] }));
    const after = await render(
      platformStack({}, "dev", { shop: ["shop.example.com", "store.example.com"], blog: ["blog.example.com"] }),
    );
    const changes = diffRecords(resourceRecords(before), resourceRecords(after));
    const short = (urns: string[]) =>
      urns
        .map((u) => {
          const [type, name] = u.split("::").slice(-2);
          return `${type.split("$").pop()}::${name}`;
        })
        .sort();
    expect(short(changes.changed)).toEqual([
      "kubernetes:gateway.networking.k8s.io/v1:Gateway::gateway",
      "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute::shop-route",
    ]);
    expect(short(changes.added)).toEqual(["kubernetes:cert-manager.io/v1:Certificate::certificate-store.example.com"]);
    expect(changes.removed).toEqual([]);
    const listeners = at(find(after, H.gateway, "gateway").inputs, "spec.listeners").map((l: any) => l.name);
    expect(listeners).toEqual(["http", "blog.example.com", "shop.example.com", "store.example.com"]);
  });
});

describe("a Gateway wildcard serves the app domains under it", () => {
  test("one listener and one certificate for the wildcard; covered apps keep their hostnames on their routes", async () => {
    const result = await render(
      platformStack({ gateway: { wildcards: ["*.apps.example.com"] }, hostedZones: [zone] }, "prod", {
        shop: ["shop.apps.example.com"],
        blog: ["blog.apps.example.com"],
        docs: ["docs.example.com"],
      }),
    );
    const listeners = at(find(result, H.gateway, "gateway").inputs, "spec.listeners");
    expect(listeners.map((l: any) => [l.name, l.hostname])).toEqual([
      ["http", undefined],
      ["wildcard.apps.example.com", "*.apps.example.com"],
      ["docs.example.com", "docs.example.com"],
    ]);
    expect(listeners[1].tls.certificateRefs).toEqual([
      { group: "", kind: "Secret", name: "wildcard.apps.example.com-tls" },
    ]);
    expect(
      ofType(result, H.certificate)
        .map((c) => at(c.inputs, "spec.dnsNames"))
        .sort(),
    ).toEqual([["*.apps.example.com"], ["docs.example.com"]]);
    expect(at(find(result, T.httpRoute, "shop-route").inputs, "spec.hostnames")).toEqual(["shop.apps.example.com"]);
    expect(result.schemaProblems).toEqual([]);
  });
});
