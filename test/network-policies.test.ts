/**
 * What the rendered NetworkPolicies let pods reach, evaluated by Kubernetes' NetworkPolicy semantics
 * (test/support/network-policy.ts): an app's egress is restricted to what it needs, a dependency is
 * admitted both ways, an opted-out app is open, a Rollout's release check reaches the API server;
 * platform namespaces admit only each service's callers, on the ports their charts listen on.
 */
import { readdirSync } from "node:fs";
import { mergeChartValues } from "../config/chart-values";
import { SERVICE_KEYS, type ServiceKey } from "../config/services";
import { INSTALLERS } from "../components/platform/installers";
import { MONITORING_NAMESPACE, ROLLOUTS_NAMESPACE } from "../components/platform/namespace-policies";
import type { RenderResult } from "../tools/harness/render-stack";
import { eksCluster } from "./support/aws";
import { helmInstalls } from "./support/platform";
import { upstreamChart } from "./support/upstream-chart";
import { NetworkPolicies, type Endpoint, type NetworkPolicyObject } from "./support/network-policy";
import { at, find, ofType, render, T, webApp } from "./support/stack";
import { readStackFile } from "../tools/harness/stack-file";

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
        edge: webApp({ domains: ["edge.example.com"], strategy: { type: "blueGreen" } }),
        ops: webApp({ routable: false, serviceAccount: { automountToken: true } }),
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

describe("a Rollout's release check (rollout-check.ts), under restricted egress", () => {
  /**
   * The API server as its pods reach it: the `kubernetes` Service's ClusterIP, the first address of the
   * service range, which EKS takes from 10.100.0.0/16 or 172.20.0.0/16 for a cluster that names none
   * (Amazon EKS API reference, KubernetesNetworkConfigRequest `serviceIpv4Cidr`). The VPC CNI's agent
   * filters egress on that ClusterIP (components/app/network-policy.ts).
   */
  const apiServers = ["10.100.0.1", "172.20.0.1"].map(outside);
  const check = (): Endpoint => ({
    namespace: "edge",
    labels: at(find(result, T.job, "edge-rollout-check").inputs, "spec.template.metadata.labels"),
    ip: "10.0.3.30",
  });
  const rolloutPod = (): Endpoint => ({
    namespace: "edge",
    labels: at(find(result, T.rollout, "edge-web").inputs, "spec.template.metadata.labels"),
    ip: "10.0.3.31",
  });

  test("reaches the API server on 443, which the app's own pods cannot", () => {
    for (const apiServer of apiServers) {
      expect(policies.allows(check(), apiServer, { port: 443 })).toBe(true);
      expect(policies.allows(check(), apiServer, { port: 6443 })).toBe(false);
      expect(policies.allows(rolloutPod(), apiServer, { port: 443 })).toBe(false);
    }
  });

  test("an app that mounts its API token reaches the API server from every pod; one that does not, only from its check", () => {
    for (const apiServer of apiServers) {
      expect(policies.allows(web("ops"), apiServer, { port: 443 })).toBe(true);
      expect(policies.allows(pod("ops", { "app.kubernetes.io/component": "worker" }), apiServer, { port: 443 })).toBe(
        true,
      );
      expect(policies.allows(web("shop"), apiServer, { port: 443 })).toBe(false);
    }
  });

  test("the agent that rule was read from is the one every committed stack's vpc-cni add-on runs", () => {
    // components/app/network-policy.ts reads the node agent of vpc-cni v1.19.6; on a bump, re-read it there.
    const pins = readdirSync(".")
      .filter((file) => /^Pulumi\.[^.]+\.yaml$/.test(file))
      .map((file) => readStackFile(file, file.split(".")[1]).config["slipway:cluster"])
      .map((cluster) => (JSON.parse(cluster ?? "{}") as { addons?: Record<string, string> }).addons?.["vpc-cni"])
      .filter((pin) => pin !== undefined);
    expect(pins.length).toBeGreaterThan(0);
    expect([...new Set(pins.map((pin) => pin.replace(/-eksbuild\.\d+$/, "")))]).toEqual(["v1.19.6"]);
  });

  test("its Job starts only once that policy exists, and a rolling app, which has no check, gets no such policy", () => {
    const policy = find(result, T.networkPolicy, "edge-allow-egress-rollout-check-to-api-server");
    expect(find(result, T.job, "edge-rollout-check").options.dependsOn).toContain(policy.urn);
    const names = ofType(result, T.networkPolicy).map((p) => p.name);
    expect(names.filter((name) => name.endsWith("-allow-egress-rollout-check-to-api-server"))).toEqual([
      "edge-allow-egress-rollout-check-to-api-server",
    ]);
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

/** The Helm install of a service's own chart (its installer's first), if the render installs it. */
const ownInstall = (service: ServiceKey) =>
  helmInstalls(result).find((install) => install.inputs.chart === INSTALLERS[service].charts[0].chart);
const namespaceOf = (service: ServiceKey): string => ownInstall(service)!.inputs.namespace as string;
const installed = () => SERVICE_KEYS.filter((service) => ownInstall(service) !== undefined);

describe("platform namespaces", () => {
  test("the render installs most services, each namespace with its policies", () => {
    expect(installed().length).toBeGreaterThanOrEqual(8);
    for (const service of installed()) {
      const names = ofType(result, T.networkPolicy)
        .filter((p) => at(p.inputs, "metadata.namespace") === namespaceOf(service))
        .map((p) => at(p.inputs, "metadata.name"));
      expect(names).toEqual(expect.arrayContaining(["default-deny-ingress", "allow-same-namespace"]));
    }
  });

  test("each admitted port is the one the chart listens on, by its values at the installed version", () => {
    for (const service of installed()) {
      const install = ownInstall(service)!;
      const chart = upstreamChart(install.inputs.chart as string, install.inputs.version as string);
      const merged = mergeChartValues(chart.defaults, install.inputs.values as Record<string, unknown>);
      for (const admission of INSTALLERS[service].ingress) {
        const value: unknown = at(merged, admission.valuesKey);
        const port = typeof value === "string" ? Number(value.replace(/^.*:/, "")) : value;
        expect([service, admission.valuesKey, port]).toEqual([service, admission.valuesKey, admission.port]);
      }
    }
  });

  test("a tenant pod reaches no platform port but the router's entry points and the API server's webhooks", () => {
    // blog's egress is open: only the platform's ingress stands between it and the services.
    const tenant = web("blog");
    let refused = 0;
    for (const service of installed())
      for (const admission of INSTALLERS[service].ingress) {
        const target = pod(namespaceOf(service));
        expect([service, admission.port, policies.allows(tenant, target, { port: admission.port })]).toEqual([
          service,
          admission.port,
          admission.from === "anywhere",
        ]);
        if (admission.from !== "anywhere") refused += 1;
      }
    expect(refused).toBeGreaterThanOrEqual(5);
    expect(policies.allows(tenant, pod(MONITORING_NAMESPACE), { port: 9093 })).toBe(false);
  });

  test("the callers each service needs still reach it, and the router still reaches the apps", () => {
    const router = pod(namespaceOf("router"), { "app.kubernetes.io/name": "traefik" });
    expect(policies.allows(outside("198.51.100.4"), router, { port: 8443 })).toBe(true);
    expect(policies.allows(router, web("shop"), { port: 8080 })).toBe(true);
    expect(policies.allows(router, web("api"), { port: 9000 })).toBe(true);
    expect(policies.allows(pod(MONITORING_NAMESPACE), router, { port: 9100 })).toBe(true);
    expect(policies.allows(pod(ROLLOUTS_NAMESPACE), pod(MONITORING_NAMESPACE), { port: 9090 })).toBe(true);
    expect(policies.allows(router, pod(MONITORING_NAMESPACE), { port: 3000 })).toBe(true);
    expect(policies.allows(pod(MONITORING_NAMESPACE), pod(MONITORING_NAMESPACE), { port: 9093 })).toBe(true);
    // The API server calls webhooks from the control plane's interfaces in the VPC.
    expect(policies.allows(outside("10.0.3.7"), pod(namespaceOf("certManager")), { port: 10250 })).toBe(true);
  });
});
