/**
 * The benchmark's anchor: what a plain manifest generator costs for the same apps. One cdk8s chart
 * (`new App()`, one `Chart`, `ApiObject`s, `app.synth()` writing its YAML, as `cdk8s synth` does) with
 * ten objects per app like those Slipway renders for a web app (namespace, ConfigMap, Secret, service
 * account, Deployment, Service, HPA, PDB, NetworkPolicy, HTTPRoute), no validation and no policies.
 * The full render is judged against it in the same run (target ≤ 5×, docs/performance.md).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ApiObject, App, Chart } from "cdk8s";

function appObjects(chart: Chart, app: string, index: number): void {
  const labels = { "app.kubernetes.io/name": app, "app.kubernetes.io/part-of": "slipway" };
  const metadata = { name: app, namespace: app, labels };
  const object = (id: string, apiVersion: string, kind: string, rest: Record<string, unknown>) =>
    new ApiObject(chart, `${app}-${id}`, { apiVersion, kind, metadata, ...rest });
  const env = { LOG_LEVEL: "info", REGION: "eu-west-1", FEATURE_FLAGS: `f${index % 7}`, CACHE_TTL_SECONDS: "300" };
  const container = {
    name: "web",
    image: `ghcr.io/acme/${app}@sha256:${"0".repeat(64)}`,
    ports: [{ containerPort: 8080 }],
    envFrom: [{ configMapRef: { name: app } }, { secretRef: { name: app } }],
    resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
    readinessProbe: { httpGet: { path: "/healthz", port: 8080 } },
    securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ["ALL"] } },
  };
  object("ns", "v1", "Namespace", { metadata: { name: app, labels } });
  object("config", "v1", "ConfigMap", { data: env });
  object("secret", "v1", "Secret", { stringData: { DATABASE_URL: `postgres://db-${index}` } });
  object("sa", "v1", "ServiceAccount", {});
  object("deployment", "apps/v1", "Deployment", {
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { serviceAccountName: app, containers: [container] } },
    },
  });
  object("service", "v1", "Service", { spec: { selector: labels, ports: [{ port: 80, targetPort: 8080 }] } });
  object("hpa", "autoscaling/v2", "HorizontalPodAutoscaler", {
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: app },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [
        { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } },
      ],
    },
  });
  object("pdb", "policy/v1", "PodDisruptionBudget", { spec: { minAvailable: 1, selector: { matchLabels: labels } } });
  object("netpol", "networking.k8s.io/v1", "NetworkPolicy", {
    spec: {
      podSelector: { matchLabels: labels },
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ namespaceSelector: {} }] }],
    },
  });
  object("route", "gateway.networking.k8s.io/v1", "HTTPRoute", {
    spec: {
      parentRefs: [{ name: "slipway", namespace: "slipway-router" }],
      hostnames: [`${app}.apps.example.com`],
      rules: [{ backendRefs: [{ name: app, port: 80 }] }],
    },
  });
}

/** Synthesizes the anchor's chart for `appCount` apps into a temporary folder; returns the object count. */
export function synthAnchor(appCount: number): number {
  const outdir = mkdtempSync(join(tmpdir(), "slipway-bench-cdk8s-"));
  try {
    const app = new App({ outdir });
    const chart = new Chart(app, "apps");
    for (let i = 0; i < appCount; i++) appObjects(chart, `app-${String(i).padStart(4, "0")}`, i);
    app.synth();
    return chart.node.children.length;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
