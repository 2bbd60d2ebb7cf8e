/**
 * The values each chart gets so that every container it runs passes the policy pack: requests and
 * limits, non-root and read-only, RuntimeDefault seccomp, surge-only rollouts (the renders of
 * test/platform-services/chart-hardening.ts). Containers come from the charts' own values.yaml.
 */
import { mergeChartValues } from "../../config/chart-values";
import type { RenderResult } from "../../tools/harness/render-stack";
import { helmInstalls, railed, valueAt } from "../support/platform";
import { pathsEndingIn, upstreamChart } from "../support/upstream-chart";
import { at } from "../support/stack";

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
  "fluent-bit": {
    hotReload: (on) => on("hotReload.enabled") === false,
    // fluent/helm-charts fluent-bit-0.48.0, charts/fluent-bit/templates/tests/test-connection.yaml: a
    // `helm.sh/hook: test` pod, run only by `helm test`, never on install or upgrade.
    testFramework: () => true,
  },
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

/** Whether a container (a values path, as `controller` or `grafana.sidecar`) is off with the values passed. */
export function notRunning(install: string, container: string, effective: unknown, conditions: Record<string, string>) {
  const on = (path: string) => at(effective, path);
  const subchart = container.split(".")[0];
  if (conditions[subchart] !== undefined && on(conditions[subchart]) === false) return true;
  const off = OFF[install]?.[container];
  if (off === undefined) return false;
  // A container listed here as off that runs after all is checked like any other.
  return off(on);
}

export function policyValueTests(renders: () => { dev: RenderResult; prod: RenderResult }): void {
  let dev: RenderResult;
  let prod: RenderResult;
  beforeAll(() => ({ dev, prod } = renders()));

  /** Every guard-rail of one kind (config/services/<key>.ts, `chart.rails`) in both renders. */
  function each(
    kind: Parameters<typeof railed>[1],
    check: (result: RenderResult, install: string, path: string) => void,
  ) {
    for (const result of [dev, prod]) for (const [install, path] of railed(result, kind)) check(result, install, path);
  }

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
}
