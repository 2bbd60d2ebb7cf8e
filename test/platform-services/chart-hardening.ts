/**
 * The values Slipway passes each chart so its workloads pass the policy pack. No Helm here: the charts
 * stay unexpanded, so this checks the values at the chart paths read in each component's comment.
 */
import { CHART_RAILS } from "../../config/services";
import { isMap, mergeChartValues } from "../../config/chart-values";
import { INSTALLERS } from "../../components/platform/installers";
import { ROUTER_CHART } from "../../components/platform/services/router";
import { mockDigest } from "../../tools/harness/mock-digests";
import type { RenderResult } from "../../tools/harness/render-stack";
import { hasHelm, helm, helmInstalls, platformStack, railed, values } from "../support/platform";
import { installContractProblems } from "../support/chart-contracts";
import { pathsEndingIn, upstreamChart } from "../support/upstream-chart";
import { at, render } from "../support/stack";

/** A path each service's chart lists as free-form (its pin's `freeForm`): an extra value for every chart. */
const EXTRA_AT: Record<string, string> = { certManager: "podLabels", monitoring: "commonLabels" };
const extra = (service: string) => ({
  values: { [EXTRA_AT[service] ?? "podAnnotations"]: { "example.com/extra": service } },
});
const services = {
  ...Object.fromEntries(Object.keys(CHART_RAILS).map((service) => [service, extra(service)])),
  // Beside a guard-rail: deployment.replicas stays Slipway's (traefik/values.yaml v37.3.0 deployment.podAnnotations).
  router: { values: { deployment: { podAnnotations: { "example.com/team": "edge" } } } },
  externalSecrets: { enabled: true, secretPrefix: "slipway/x/", ...extra("externalSecrets") },
  hostedZones: [{ domain: "example.com", zoneId: "Z0123456789ABC" }],
  externalDns: { enabled: true, ...extra("externalDns") },
};
let dev: RenderResult;
let prod: RenderResult;

beforeAll(async () => {
  // One at a time: a render owns the mock runtime while it runs. One node autoscaler per stack: dev
  // runs cluster-autoscaler, prod Karpenter, so every chart is checked.
  const autoscaler = (on: "karpenter" | "clusterAutoscaler") => ({
    karpenter: { enabled: on === "karpenter", ...extra("karpenter") },
    clusterAutoscaler: { enabled: on === "clusterAutoscaler", ...extra("clusterAutoscaler") },
  });
  dev = await render(platformStack({ ...services, ...autoscaler("clusterAutoscaler") }, "dev"), "dev");
  prod = await render(platformStack({ ...services, ...autoscaler("karpenter") }, "prod"), "prod");
});

/** Every guard-rail of one kind (config/services/<key>.ts, `chart.rails`) in both renders. */
function each(
  kind: Parameters<typeof railed>[1],
  check: (result: RenderResult, install: string, path: string) => void,
) {
  for (const result of [dev, prod]) for (const [install, path] of railed(result, kind)) check(result, install, path);
}

const valueAt = (result: RenderResult, install: string, path: string): any => at(values(result, install), path);

/**
 * Containers a chart's values.yaml lists that do not run with the values Slipway passes, each with the
 * switch that keeps it off, read in the chart at the installed version; a container a chart starts
 * running (a default flips, Slipway turns a feature on) is checked again.
 */
const OFF: Record<string, Record<string, (on: (path: string) => unknown) => boolean>> = {
  "argo-rollouts": { dashboard: (on) => on("dashboard.enabled") === false },
  // kubernetes-sigs/external-dns external-dns-helm-chart-1.19.0, charts/external-dns/templates/deployment.yaml
  // L178-180: the webhook container runs only for `provider.name: webhook`.
  "external-dns": { "provider.webhook": (on) => on("provider.name") !== "webhook" },
  "fluent-bit": { hotReload: (on) => on("hotReload.enabled") === false },
  "metrics-server": { addonResizer: (on) => on("addonResizer.enabled") === false },
  "kube-prometheus-stack": {
    "crds.upgradeJob": (on) => on("crds.upgradeJob.enabled") === false,
    "prometheusOperator.admissionWebhooks.deployment": (on) =>
      on("prometheusOperator.admissionWebhooks.deployment.enabled") === false,
    "thanosRuler.thanosRulerSpec": (on) => on("thanosRuler.enabled") === false,
    // A `helm test` hook: it runs only when someone runs `helm test`, never on install or upgrade.
    "grafana.testFramework": () => true,
    // grafana-10.1.2 values.yaml: the dashboards init container runs only for `dashboards` to download,
    // the chown init container only with persistence.
    "grafana.downloadDashboards": (on) => Object.keys((on("grafana.dashboards") as object) ?? {}).length === 0,
    "grafana.initChownData": (on) => on("grafana.persistence.enabled") === false,
    "grafana.imageRenderer": (on) => on("grafana.imageRenderer.enabled") === false,
    "kube-state-metrics.kubeRBACProxy": (on) => on("kube-state-metrics.kubeRBACProxy.enabled") === false,
    "prometheus-node-exporter.kubeRBACProxy": (on) => on("prometheus-node-exporter.kubeRBACProxy.enabled") === false,
  },
};

function notRunning(install: string, container: string, effective: unknown, conditions: Record<string, string>) {
  const on = (path: string) => at(effective, path);
  const subchart = container.split(".")[0];
  if (conditions[subchart] !== undefined && on(conditions[subchart]) === false) return true;
  const off = OFF[install]?.[container];
  if (off === undefined) return false;
  // A container listed here as off that runs after all is checked like any other.
  return off(on);
}

describe("chart values that satisfy the policy pack", () => {
  test("every container each chart runs, as its own values.yaml lists them, has CPU and memory requests and limits", () => {
    // The containers come from the charts' defaults at the installed version (../shared/upstream),
    // not from Slipway's tables, so a container no table names is checked too.
    const quantity = expect.stringMatching(/^\d+(m|Mi|Gi)?$/);
    let checked = 0;
    for (const result of [dev, prod])
      for (const install of helmInstalls(result)) {
        const { chart, version } = install.inputs as { chart: string; version: string };
        const upstream = upstreamChart(chart, version);
        const passed = install.inputs.values as Record<string, unknown>;
        const effective = mergeChartValues(upstream.defaults, passed);
        for (const subchart of upstream.absent) {
          // Its containers cannot be listed without its values.yaml, so it must not run.
          const condition = upstream.conditions[subchart];
          expect([install.name, subchart, condition && at(effective, condition)]).toEqual([
            install.name,
            subchart,
            false,
          ]);
        }
        for (const path of pathsEndingIn(upstream.defaults, "resources")) {
          const container = path.slice(0, -".resources".length);
          if (notRunning(install.name, container, effective, upstream.conditions)) continue;
          expect([install.name, path, at(passed, path)]).toEqual([
            install.name,
            path,
            { requests: { cpu: quantity, memory: quantity }, limits: { cpu: quantity, memory: quantity } },
          ]);
          checked++;
        }
      }
    expect(checked).toBeGreaterThan(40);
  });

  test("the CPU limit is four times the request; the memory limit equals it", () => {
    expect(valueAt(prod, "traefik", "resources")).toEqual({
      requests: { cpu: "100m", memory: "128Mi" },
      limits: { cpu: "400m", memory: "128Mi" },
    });
  });

  test("containers are non-root, unprivileged, without capabilities, on a read-only root", () => {
    each("container", (result, install, path) => {
      expect([install, path, valueAt(result, install, path)]).toEqual([
        install,
        path,
        expect.objectContaining({
          runAsNonRoot: true,
          privileged: false,
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ["ALL"] },
        }),
      ]);
    });
  });

  test("pods refuse root and use the runtime's seccomp profile", () => {
    each("pod", (result, install, path) => {
      expect([install, path, valueAt(result, install, path)]).toEqual([
        install,
        path,
        expect.objectContaining({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } }),
      ]);
    });
    expect(valueAt(dev, "cluster-autoscaler", "securityContext.runAsUser")).toBe(65534);
  });

  test("rolling updates never drop a pod before its replacement is ready", () => {
    each("strategy", (result, install, path) => {
      expect([install, path, valueAt(result, install, path)]).toEqual([
        install,
        path,
        { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      ]);
    });
  });

  test("fluent-bit drops everything but root, which its exemption covers", () => {
    expect(railed(prod, "rootReader")).toEqual([["fluent-bit", "securityContext"]]);
    const context = valueAt(prod, "fluent-bit", "securityContext");
    expect(context).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
    expect(context).not.toHaveProperty("runAsNonRoot");
    expect(railed(prod, "seccomp")).toEqual([["fluent-bit", "podSecurityContext"]]);
    expect(valueAt(prod, "fluent-bit", "podSecurityContext")).toEqual({ seccompProfile: { type: "RuntimeDefault" } });
  });

  test("external-secrets elects a leader when it runs more than one replica", () => {
    expect([valueAt(dev, "external-secrets", "leaderElect"), valueAt(prod, "external-secrets", "leaderElect")]).toEqual(
      [false, true],
    );
  });

  test("tiers keep their sizes: dev one replica, prod two", () => {
    expect([valueAt(dev, "metrics-server", "replicas"), valueAt(prod, "metrics-server", "replicas")]).toEqual([1, 2]);
    expect([
      valueAt(dev, "external-secrets", "replicaCount"),
      valueAt(prod, "external-secrets", "replicaCount"),
    ]).toEqual([1, 2]);
  });
});

/** The install that runs each chart's images (Karpenter's: test/platform-services/aws-services.ts). */
const INSTALL_OF: Record<string, string> = {
  router: "traefik",
  certManager: "cert-manager",
  externalDns: "external-dns",
  metricsServer: "metrics-server",
  monitoring: "kube-prometheus-stack",
  logging: "fluent-bit",
  rollouts: "argo-rollouts",
  clusterAutoscaler: "cluster-autoscaler",
  externalSecrets: "external-secrets",
  loadBalancerController: "aws-load-balancer-controller",
};
const imagesOf = (key: string): Record<string, any> => INSTALLERS[key as keyof typeof INSTALLERS].images.images;

describe("images run by digest", () => {
  test("each image with a recorded digest runs by it, in the form its chart's template expects", () => {
    let pinned = 0;
    for (const result of [dev, prod])
      for (const [key, install] of Object.entries(INSTALL_OF).filter(([, install]) => hasHelm(result, install)))
        for (const pin of Object.values(imagesOf(key)).filter((p) => "digest" in p)) {
          // tag@digest: the chart prints `<repository>:<tag>`; digest: it prints `@<value>`; hex: `@sha256:<value>`.
          const expected: Record<string, string> = {
            "tag@digest": `${pin.tag}@${pin.digest}`,
            digest: pin.digest,
            hex: pin.digest.slice("sha256:".length),
          };
          expect([install, pin.key, valueAt(result, install, pin.key)]).toEqual([
            install,
            pin.key,
            expected[pin.form as string],
          ]);
          pinned++;
        }
    expect(pinned).toBeGreaterThan(0);
  });

  test("an image without a recorded digest runs by the one its registry names at preview, and says why none is recorded", () => {
    const services = new Set<string>();
    for (const [key, install] of Object.entries(INSTALL_OF))
      for (const pin of Object.values(imagesOf(key)).filter((p) => !("digest" in p))) {
        const result = hasHelm(prod, install) ? prod : dev;
        // The mock registry's answer for the reference (tools/harness/mock-cloud.ts), in the chart's form.
        const looked = mockDigest(`${pin.image}:${pin.tag}`);
        const expected: Record<string, string> = {
          "tag@digest": `${pin.tag}@${looked}`,
          digest: looked,
          hex: looked.slice("sha256:".length),
        };
        expect([install, pin.key, valueAt(result, install, pin.key)]).toEqual([
          install,
          pin.key,
          expected[pin.form as string],
        ]);
        expect(pin.unresolved).toMatch(/^no digest recorded/);
        services.add(key);
      }
    expect([...services].sort()).toEqual([
      "certManager",
      "clusterAutoscaler",
      "externalDns",
      "externalSecrets",
      "loadBalancerController",
      "logging",
      "metricsServer",
      "monitoring",
      "rollouts",
    ]);
  });

  test("Traefik's templates take its version from versionOverride, since its tag carries the digest", () => {
    expect(valueAt(prod, "traefik", "versionOverride")).toBe(ROUTER_CHART.appVersion);
  });

  test("recorded digests are sha256 digests", () => {
    for (const key of Object.keys(INSTALLERS))
      for (const pin of Object.values(imagesOf(key)).filter((p) => "digest" in p))
        expect([pin.image, pin.digest]).toEqual([pin.image, expect.stringMatching(/^sha256:[a-f0-9]{64}$/)]);
  });

  test("Grafana installs no plugins from grafana.com when it starts", () => {
    expect(values(prod, "kube-prometheus-stack").grafana["grafana.ini"].plugins).toEqual({ preinstall_disabled: true });
  });
});

/** Keys whose values are hardening of some kind, wherever a chart puts them. */
const HARDENING_KEYS = new Set([
  "resources",
  "securityContext",
  "podSecurityContext",
  "containerSecurityContext",
  "strategy",
  "updateStrategy",
  "podDisruptionBudget",
  "pdb",
  "replicas",
  "replicaCount",
  "topologySpreadConstraints",
  "leaderElect",
  "image",
]);

function paths(value: unknown, prefix: string[] = []): string[][] {
  return isMap(value) ? Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...paths(v, [...prefix, k])]) : [];
}

describe("the guard-rail table and the values the components build", () => {
  test("covers every chart: each is installed by one of the renders at least", () => {
    for (const { install } of Object.values(CHART_RAILS))
      expect([install, hasHelm(dev, install) || hasHelm(prod, install)]).toEqual([install, true]);
  });

  test("guards every hardening value the components set, so extra values cannot undo one", () => {
    for (const result of [dev, prod])
      for (const { install, rails } of Object.values(CHART_RAILS)) {
        if (!hasHelm(result, install)) continue;
        const guarded = Object.keys(rails).map((path) => path.split("."));
        const unguarded = paths(values(result, install))
          .filter((path) => HARDENING_KEYS.has(path.at(-1)!))
          .filter((path) => !guarded.some((rail) => rail.every((key, i) => path[i] === key)))
          .map((path) => path.join("."));
        expect([install, unguarded]).toEqual([install, []]);
      }
  });

  test("every install's values keep its chart's contract; a misspelt or mistyped value fails by service and path", () => {
    for (const result of [dev, prod])
      expect(helmInstalls(result).flatMap((install) => installContractProblems(install))).toEqual([]);
    const traefik = helm(prod, "traefik");
    const passed = values(prod, "traefik");
    const misspelt = { ...passed, deployment: { ...passed.deployment, replcas: 2 } };
    expect(installContractProblems(traefik, misspelt)).toEqual([
      "router traefik.values.deployment.replcas: not a value of chart traefik 37.3.0 (did you mean replicas?)",
    ]);
    const mistyped = { ...passed, deployment: { ...passed.deployment, replicas: "two" } };
    expect(installContractProblems(traefik, mistyped)).toEqual([
      "router traefik.values.deployment.replicas: refused by chart traefik 37.3.0's values.schema.json: must be integer",
    ]);
  });

  test("extra values reach each chart, merged beside Slipway's", () => {
    for (const [service, { install }] of Object.entries(CHART_RAILS)) {
      const result = hasHelm(prod, install) ? prod : dev;
      if (service !== "router")
        expect([install, at(values(result, install), EXTRA_AT[service] ?? "podAnnotations")]).toEqual([
          install,
          { "example.com/extra": service },
        ]);
    }
    expect(valueAt(prod, "traefik", "deployment")).toEqual({
      replicas: 2,
      podAnnotations: { "example.com/team": "edge" },
    });
  });
});

test("the value paths were read in the charts at exactly the pinned versions", () => {
  // Each component cites the values.yaml paths it sets at these tags (docs/platform-charts.md). A pin
  // bump fails here until those paths are re-read in the new chart and this table is updated.
  const readAt = {
    router: "37.3.0",
    certManager: "v1.19.3",
    externalDns: "1.19.0",
    metricsServer: "3.13.0",
    monitoring: "78.3.2",
    logging: "0.48.0",
    rollouts: "2.41.0",
    karpenter: "1.8.1",
    clusterAutoscaler: "9.50.1",
    externalSecrets: "0.20.4",
    loadBalancerController: "1.14.0",
  };
  for (const [key, version] of Object.entries(readAt)) {
    expect([key, INSTALLERS[key as keyof typeof INSTALLERS].charts[0].version]).toEqual([key, version]);
  }
});

test("each chart's images, tags, digests and digest keys were read at exactly the pinned chart version", () => {
  // A pin bump fails here until the service's images (components/platform/services/) are re-read at the new version.
  for (const [key, { charts }] of Object.entries(INSTALLERS)) {
    expect([key, INSTALLERS[key as keyof typeof INSTALLERS].images.chart]).toEqual([key, charts[0].version]);
  }
});
