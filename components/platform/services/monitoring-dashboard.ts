/**
 * A Grafana dashboard for every app's golden signals: traffic, errors and latency from the router's
 * per-backend series, saturation from the pods' CPU and memory. Pick the app (its namespace) at the top.
 */
import { ROUTER_METRICS, routerNamespaceBackendsMatcher } from "./router-metrics";

const APP_BACKENDS = routerNamespaceBackendsMatcher("$namespace");
const WINDOW = "[5m]";

function panel(id: number, title: string, unit: string, expr: string, legend: string, x: number, y: number) {
  return {
    id,
    title,
    type: "timeseries",
    datasource: { type: "prometheus", uid: "${datasource}" },
    gridPos: { h: 8, w: 12, x, y },
    fieldConfig: { defaults: { unit }, overrides: [] },
    targets: [{ refId: "A", expr, legendFormat: legend }],
  };
}

export function goldenSignalsDashboard(): string {
  const requests = `${ROUTER_METRICS.requestsTotal}{${APP_BACKENDS}}`;
  const errors = `${ROUTER_METRICS.requestsTotal}{${APP_BACKENDS},${ROUTER_METRICS.codeLabel}=~"5.."}`;
  const latency = `${ROUTER_METRICS.requestDurationBucket}{${APP_BACKENDS}}`;
  const pods = `namespace="$namespace",container!=""`;
  return JSON.stringify({
    uid: "slipway-golden-signals",
    title: "Slipway / App golden signals",
    tags: ["slipway"],
    timezone: "utc",
    schemaVersion: 39,
    refresh: "30s",
    time: { from: "now-3h", to: "now" },
    templating: {
      list: [
        { name: "datasource", type: "datasource", query: "prometheus", label: "Data source" },
        {
          name: "namespace",
          label: "App",
          type: "query",
          datasource: { type: "prometheus", uid: "${datasource}" },
          query: "label_values(kube_pod_info, namespace)",
          refresh: 2,
          sort: 1,
        },
      ],
    },
    panels: [
      panel(
        1,
        "Traffic (requests/s per backend)",
        "reqps",
        `sum by (${ROUTER_METRICS.serviceLabel}) (rate(${requests}${WINDOW}))`,
        `{{${ROUTER_METRICS.serviceLabel}}}`,
        0,
        0,
      ),
      panel(
        2,
        "Errors (5xx ratio per backend)",
        "percentunit",
        `sum by (${ROUTER_METRICS.serviceLabel}) (rate(${errors}${WINDOW})) / sum by (${ROUTER_METRICS.serviceLabel}) (rate(${requests}${WINDOW}))`,
        `{{${ROUTER_METRICS.serviceLabel}}}`,
        12,
        0,
      ),
      panel(
        3,
        "Latency p99 per backend",
        "s",
        `histogram_quantile(0.99, sum by (le, ${ROUTER_METRICS.serviceLabel}) (rate(${latency}${WINDOW})))`,
        `{{${ROUTER_METRICS.serviceLabel}}}`,
        0,
        8,
      ),
      panel(
        4,
        "Saturation (CPU cores per pod)",
        "short",
        `sum by (pod) (rate(container_cpu_usage_seconds_total{${pods}}${WINDOW}))`,
        "{{pod}}",
        12,
        8,
      ),
      panel(
        5,
        "Saturation (memory per pod)",
        "bytes",
        `sum by (pod) (container_memory_working_set_bytes{${pods}})`,
        "{{pod}}",
        0,
        16,
      ),
    ],
  });
}
