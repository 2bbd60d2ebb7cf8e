/** What one app becomes in the cluster, with the production defaults users rely on. */
import type { RenderResult } from "../../tools/harness/render-stack";
import { at, find, ofType, render, T, webApp } from "../support/stack";

const config = {
  environment: "prod",
  platform: { gateway: { name: "edge", namespace: "router" } },
  apps: {
    shop: webApp({
      port: 3000,
      domains: ["shop.example.com"],
      autoscale: { min: 2, max: 6, cpuPercent: 60 },
      healthcheck: { type: "http", path: "/healthz", startupSeconds: 30 },
      serviceAccount: { iamRoleArn: "arn:aws:iam::123456789012:role/shop" },
      processes: { web: {}, worker: { command: ["bin/worker"], replicas: 3 } },
    }),
    internal: webApp({ routable: false, domains: ["internal.example.com"] }),
    tiny: webApp({ replicas: 1 }),
  },
};

/** Rendered once for the whole file: the tests only read it. */
let shared: Promise<RenderResult> | undefined;
const rendered = () => (shared ??= render(config));

describe("App", () => {
  test("a labelled namespace and a service account with the IAM role annotation, token off", async () => {
    const result = await rendered();
    const ns = find(result, T.namespace, "shop-ns").inputs;
    expect(at(ns, "metadata.name")).toBe("shop");
    // Removing the app deletes what it declared, never the namespace with whatever else is in it.
    expect(find(result, T.namespace, "shop-ns").options.retainOnDelete).toBe(true);
    expect(at(ns, "metadata.labels")).toMatchObject({
      "app.kubernetes.io/name": "shop",
      "slipway.dev/environment": "prod",
      "slipway.dev/stack": "test",
    });
    const sa = find(result, T.serviceAccount, "shop-sa").inputs;
    expect(at(sa, "metadata.annotations")).toEqual({
      "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/shop",
    });
    expect(sa.automountServiceAccountToken).toBe(false);
    expect(at(find(result, T.deployment, "shop-web").inputs, "spec.template.spec.automountServiceAccountToken")).toBe(
      false,
    );
  });

  test("one Deployment per process type; only web gets a Service and a route", async () => {
    const result = await rendered();
    const worker = find(result, T.deployment, "shop-worker").inputs;
    expect(at(worker, "spec.replicas")).toBe(3);
    expect(at(worker, "spec.template.spec.containers")[0].command).toEqual(["bin/worker"]);
    expect(at(worker, "spec.template.spec.containers")[0].ports).toBeUndefined();
    const services = ofType(result, T.service).map((s) => at(s.inputs, "metadata.name"));
    expect(services.sort()).toEqual(["internal", "shop", "tiny"]);
    const svc = find(result, T.service, "shop-web").inputs;
    expect(at(svc, "spec.selector")).toEqual({
      "app.kubernetes.io/name": "shop",
      "app.kubernetes.io/component": "web",
    });
  });

  test("the HTTPRoute attaches to the configured shared Gateway; routable: false omits it", async () => {
    const result = await rendered();
    const app = find(result, T.app, "shop");
    const routes = ofType(result, T.httpRoute).filter((r) => r.parent === app.urn || r.name.startsWith("internal-"));
    expect(routes.map((r) => r.name)).toEqual(["shop-route"]);
    const spec = routes[0].inputs.spec as any;
    expect(spec.parentRefs).toEqual([expect.objectContaining({ name: "edge", namespace: "router", kind: "Gateway" })]);
    expect(spec.hostnames).toEqual(["shop.example.com"]);
    expect(spec.rules[0].backendRefs).toEqual([expect.objectContaining({ name: "shop", port: 80 })]);
  });

  test("autoscale yields an HPA that owns the replica count after creation; PDB only with two or more pods", async () => {
    const result = await rendered();
    const web = find(result, T.deployment, "shop-web");
    // Created at the autoscaler's minimum, then left to it.
    expect(at(web.inputs, "spec.replicas")).toBe(2);
    expect(web.options.ignoreChanges).toContain("spec.replicas");
    const hpa = find(result, T.hpa, "shop-web").inputs;
    expect(at(hpa, "spec")).toMatchObject({
      minReplicas: 2,
      maxReplicas: 6,
      scaleTargetRef: { kind: "Deployment", name: "shop-web" },
    });
    expect(at(hpa, "spec.metrics")[0].resource.target.averageUtilization).toBe(60);
    const pdbs = ofType(result, T.pdb)
      .map((p) => p.name)
      .sort();
    expect(pdbs).toEqual(["internal-web", "shop-web", "shop-worker"]);
  });

  test("network policies deny by default and admit the router's namespace to web only", async () => {
    const result = await rendered();
    const deny = find(result, T.networkPolicy, "shop-default-deny").inputs;
    expect(at(deny, "spec")).toEqual({ podSelector: {}, policyTypes: ["Ingress"] });
    const router = find(result, T.networkPolicy, "shop-from-router").inputs;
    expect(at(router, "spec.podSelector.matchLabels")).toEqual({
      "app.kubernetes.io/name": "shop",
      "app.kubernetes.io/component": "web",
    });
    expect(at(router, "spec.ingress")[0].from[0].namespaceSelector.matchLabels).toEqual({
      "kubernetes.io/metadata.name": "router",
    });
    expect(at(router, "spec.ingress")[0].ports).toEqual([{ protocol: "TCP", port: 3000 }]);
  });

  test("probes follow the healthcheck config", async () => {
    const result = await rendered();
    const container = at(find(result, T.deployment, "shop-web").inputs, "spec.template.spec.containers")[0];
    expect(container.readinessProbe.httpGet).toEqual({ path: "/healthz", port: "http" });
    expect(container.livenessProbe.httpGet).toEqual({ path: "/healthz", port: "http" });
    // 30 s of start-up at a 5 s period.
    expect(container.startupProbe).toMatchObject({ periodSeconds: 5, failureThreshold: 6 });
    const tiny = at(find(result, T.deployment, "tiny-web").inputs, "spec.template.spec.containers")[0];
    expect(tiny.readinessProbe.tcpSocket).toEqual({ port: "http" });
  });

  test("hardened pods: non-root, read-only root with a writable /tmp, no capabilities, RuntimeDefault seccomp", async () => {
    const result = await rendered();
    for (const deployment of ofType(result, T.deployment)) {
      const pod = at(deployment.inputs, "spec.template.spec");
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
      const [container] = pod.containers;
      expect(container.securityContext).toEqual({
        allowPrivilegeEscalation: false,
        privileged: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        capabilities: { drop: ["ALL"] },
      });
      expect(container.volumeMounts).toContainEqual({ name: "tmp", mountPath: "/tmp" });
      expect(pod.volumes).toContainEqual(expect.objectContaining({ name: "tmp", emptyDir: expect.any(Object) }));
      expect(container.resources.requests).toEqual(
        expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }),
      );
      expect(container.resources.limits).toEqual(
        expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }),
      );
      expect(pod.topologySpreadConstraints.map((c: any) => c.topologyKey)).toEqual([
        "topology.kubernetes.io/zone",
        "kubernetes.io/hostname",
      ]);
    }
  });

  test("prod tier defaults give two replicas; dev gives one", async () => {
    const prod = await render({ environment: "prod", apps: { a: webApp() } });
    const dev = await render({ environment: "dev", apps: { a: webApp() } });
    expect(at(find(prod, T.deployment, "a-web").inputs, "spec.replicas")).toBe(2);
    expect(at(find(dev, T.deployment, "a-web").inputs, "spec.replicas")).toBe(1);
  });

  test("every resource of an app is a child of its App component", async () => {
    const result = await rendered();
    const app = find(result, T.app, "shop");
    const children = result.resources.filter((r) => r.name.startsWith("shop-"));
    expect(children.length).toBeGreaterThan(5);
    for (const child of children) expect(child.parent).toBe(app.urn);
  });
});
