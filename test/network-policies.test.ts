/**
 * What the rendered NetworkPolicies let pods reach, evaluated by Kubernetes' NetworkPolicy semantics
 * (test/support/network-policy.ts): an app's egress is restricted to what it needs, a dependency is
 * admitted both ways, and an opted-out app is open.
 */
import type { RenderResult } from "../tools/harness/render-stack";
import { eksCluster } from "./support/aws";
import { NetworkPolicies, type Endpoint, type NetworkPolicyObject } from "./support/network-policy";
import { at, find, ofType, render, T, webApp } from "./support/stack";

let result: RenderResult;
let policies: NetworkPolicies;

beforeAll(async () => {
  result = await render(
    {
      environment: "prod",
      cluster: eksCluster(),
      apps: {
        shop: webApp({ domains: ["shop.example.com"], network: { dependsOn: ["api"] } }),
        api: webApp({ port: 9000, routable: false }),
        blog: webApp({ domains: ["blog.example.com"], network: { egress: "open" } }),
      },
    },
    "prod",
  );
  const namespaces = Object.fromEntries(
    ofType(result, T.namespace).map((n) => [at(n.inputs, "metadata.name"), at(n.inputs, "metadata.labels") ?? {}]),
  );
  policies = new NetworkPolicies(
    ofType(result, T.networkPolicy).map((p) => p.inputs as unknown as NetworkPolicyObject),
    namespaces,
  );
});

/** A web pod of an app, labelled as its Deployment's pod template labels it. */
function web(app: string): Endpoint {
  const labels = at(find(result, T.deployment, `${app}-web`).inputs, "spec.template.metadata.labels");
  return { namespace: app, labels, ip: "10.0.1.10" };
}
const pod = (namespace: string, labels: Record<string, string> = {}): Endpoint => ({
  namespace,
  labels,
  ip: "10.0.2.20",
});
const outside = (ip: string): Endpoint => ({ ip });

describe("an app's egress (network.egress: restricted, the default)", () => {
  test("reaches cluster DNS on 53 over UDP and TCP, and nothing else in kube-system", () => {
    const dns = pod("kube-system", { "k8s-app": "kube-dns" });
    expect(policies.allows(web("shop"), dns, { port: 53, protocol: "UDP" })).toBe(true);
    expect(policies.allows(web("shop"), dns, { port: 53, protocol: "TCP" })).toBe(true);
    expect(
      policies.allows(web("shop"), pod("kube-system", { "app.kubernetes.io/name": "ebs-csi-controller" }), {
        port: 9808,
      }),
    ).toBe(false);
  });

  test("reaches the app it depends on at that app's web port, which admits it; not the apps it did not name", () => {
    expect(policies.allows(web("shop"), web("api"), { port: 9000 })).toBe(true);
    expect(policies.allows(web("shop"), web("api"), { port: 22 })).toBe(false);
    expect(policies.allows(web("shop"), web("blog"), { port: 8080 })).toBe(false);
    // The dependency does not make the way back.
    expect(policies.allows(web("api"), web("shop"), { port: 8080 })).toBe(false);
  });

  test("reaches the router's entry points and HTTPS outside private networks, not instance metadata or other ports", () => {
    const router = pod("slipway-router", { "app.kubernetes.io/name": "traefik" });
    expect(policies.allows(web("shop"), router, { port: 8443 })).toBe(true);
    expect(policies.allows(web("shop"), router, { port: 9100 })).toBe(false);
    expect(policies.allows(web("shop"), outside("52.94.133.131"), { port: 443 })).toBe(true);
    expect(policies.allows(web("shop"), outside("52.94.133.131"), { port: 80 })).toBe(false);
    expect(policies.allows(web("shop"), outside("169.254.169.254"), { port: 80 })).toBe(false);
    expect(policies.allows(web("shop"), outside("10.0.200.5"), { port: 443 })).toBe(false);
  });

  test("reaches no platform service: Prometheus, Grafana, a controller's webhook", () => {
    const targets: Array<[Endpoint, number]> = [
      [pod("slipway-monitoring", { "app.kubernetes.io/name": "prometheus" }), 9090],
      [pod("slipway-monitoring", { "app.kubernetes.io/name": "grafana" }), 3000],
      [pod("slipway-cert-manager", { "app.kubernetes.io/name": "webhook" }), 10250],
    ];
    for (const [target, port] of targets) expect(policies.allows(web("shop"), target, { port })).toBe(false);
  });

  test("its own pods still reach each other", () => {
    expect(policies.allows(pod("shop", { "app.kubernetes.io/component": "worker" }), web("shop"), { port: 8080 })).toBe(
      true,
    );
  });
});

describe("network.egress: open", () => {
  test("declares no egress policy: the app reaches any address and port (its ingress stays restricted)", () => {
    expect(policies.allows(web("blog"), outside("203.0.113.7"), { port: 5432 })).toBe(true);
    expect(
      ofType(result, T.networkPolicy)
        .filter((p) => at(p.inputs, "metadata.namespace") === "blog")
        .map((p) => at(p.inputs, "metadata.name"))
        .sort(),
    ).toEqual(["allow-from-router", "allow-same-namespace", "default-deny-ingress"]);
  });
});
