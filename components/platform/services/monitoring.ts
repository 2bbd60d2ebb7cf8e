/**
 * Monitoring: kube-prometheus-stack (Prometheus Operator, Prometheus, Alertmanager, Grafana), with
 * retention and storage from config, a generated Grafana admin password kept as a secret, and the
 * app golden-signals dashboard. Prometheus selects every ServiceMonitor/PodMonitor in the cluster.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigMap, Secret } from "@pulumi/kubernetes/core/v1";
import { RandomPassword } from "@pulumi/random/randomPassword";
import type { PlatformConfig } from "../../../config/types";
import { FREE_FORM, type ChartPin } from "../charts";
import { createNamespace, helmRelease, platformLabels, podResources, type ServiceArgs } from "../common";
import { goldenSignalsDashboard } from "./monitoring-dashboard";
import {
  digestValue,
  NO_UPSTREAM_DIGEST,
  type PinnedOf,
  type ServiceImages,
  THIRD_PARTY_DIGEST_ONLY,
} from "../image-digests";
import { type Admission, MONITORING_NAMESPACE, webhookAdmission } from "../namespace-policies";

export const MONITORING_CHART = {
  chart: "kube-prometheus-stack",
  version: "78.3.2",
  repo: "https://prometheus-community.github.io/helm-charts",
  packageDigest: {
    version: "78.3.2",
    unverified:
      "https://prometheus-community.github.io/helm-charts/index.yaml (prometheus-community/helm-charts gh-pages) has not been checked for kube-prometheus-stack 78.3.2",
  },
  freeForm: {
    "prometheusOperator.resources": FREE_FORM.resources,
    "prometheusOperator.prometheusConfigReloader.resources": FREE_FORM.resources,
    "prometheusOperator.admissionWebhooks.patch.resources": FREE_FORM.resources,
    "prometheus.prometheusSpec.resources": FREE_FORM.resources,
    "alertmanager.alertmanagerSpec.resources": FREE_FORM.resources,
    "grafana.resources": FREE_FORM.resources,
    "grafana.sidecar.resources": FREE_FORM.resources,
    "kube-state-metrics.resources": FREE_FORM.resources,
    "prometheus-node-exporter.resources": FREE_FORM.resources,
    commonLabels: FREE_FORM.labels,
    // values.yaml L4351-4357: a Prometheus StorageSpec, defaulted to {}.
    "prometheus.prometheusSpec.storageSpec":
      "a Prometheus StorageSpec (volumeClaimTemplate and the like); values.yaml defaults it to {}",
    // grafana-10.1.2 values.yaml L876-901: the sections of grafana.ini, written into the file as given.
    'grafana["grafana.ini"]':
      "the sections and settings of grafana.ini; values.yaml lists a few and shows more commented out",
  },
} as const satisfies ChartPin;

/** The images its chart runs at the pinned version, and the digest each runs by (image-digests.ts). */
export const MONITORING_IMAGES = {
  chart: "78.3.2",
  // prometheus-community/helm-charts kube-prometheus-stack-78.3.2: each `sha` is printed after
  // `@sha256:` (templates/prometheus-operator/deployment.yaml L53-54 and L96-97, prometheus/prometheus.yaml
  // L54-55, alertmanager/alertmanager.yaml L20-21, prometheus-operator/admission-webhooks/job-patch/
  // job-createSecret.yaml L39-40); subcharts at the versions its Chart.yaml pins: grafana-10.1.2
  // (templates/_pod.tpl L977-978, L113), kube-state-metrics-6.3.0 (_helpers.tpl L142-148, printed
  // after `@`), prometheus-node-exporter-4.48.0 (_helpers.tpl L77-85, `digest` printed after `@`).
  // No upstream release states the digests of these images at these tags (third-party packages pin
  // some; those are not used), so all but the certgen's are looked up in their registries at preview.
  images: {
    operator: {
      image: "quay.io/prometheus-operator/prometheus-operator",
      tag: "v0.86.1",
      key: "prometheusOperator.image.sha",
      form: "hex",
      unresolved: THIRD_PARTY_DIGEST_ONLY,
    },
    configReloader: {
      image: "quay.io/prometheus-operator/prometheus-config-reloader",
      tag: "v0.86.1",
      key: "prometheusOperator.prometheusConfigReloader.image.sha",
      form: "hex",
      unresolved: NO_UPSTREAM_DIGEST,
    },
    prometheus: {
      image: "quay.io/prometheus/prometheus",
      tag: "v3.7.1",
      key: "prometheus.prometheusSpec.image.sha",
      form: "hex",
      unresolved: `${NO_UPSTREAM_DIGEST} (one is stated for docker.io/prom/prometheus:v3.7.1, a different repository)`,
    },
    alertmanager: {
      image: "quay.io/prometheus/alertmanager",
      tag: "v0.28.1",
      key: "alertmanager.alertmanagerSpec.image.sha",
      form: "hex",
      unresolved: THIRD_PARTY_DIGEST_ONLY,
    },
    // The admission webhook's certificate Jobs. Digest: kubernetes/ingress-nginx, the image's upstream,
    // helm-chart-4.13.3, charts/ingress-nginx/values.yaml L823-824.
    webhookCertgen: {
      image: "registry.k8s.io/ingress-nginx/kube-webhook-certgen",
      tag: "v1.6.3",
      key: "prometheusOperator.admissionWebhooks.patch.image.sha",
      form: "hex",
      digest: "sha256:3d671cf20a35cd94efc5dcd484970779eb21e7938c98fbc3673693b8a117cf39",
    },
    grafana: {
      image: "docker.io/grafana/grafana",
      tag: "12.2.0",
      key: "grafana.image.sha",
      form: "hex",
      unresolved: THIRD_PARTY_DIGEST_ONLY,
    },
    grafanaSidecar: {
      image: "quay.io/kiwigrid/k8s-sidecar",
      tag: "1.30.10",
      key: "grafana.sidecar.image.sha",
      form: "hex",
      unresolved: THIRD_PARTY_DIGEST_ONLY,
    },
    kubeStateMetrics: {
      image: "registry.k8s.io/kube-state-metrics/kube-state-metrics",
      tag: "v2.17.0",
      key: "kube-state-metrics.image.sha",
      form: "digest",
      unresolved: THIRD_PARTY_DIGEST_ONLY,
    },
    nodeExporter: {
      image: "quay.io/prometheus/node-exporter",
      tag: "v1.9.1",
      key: "prometheus-node-exporter.image.digest",
      form: "digest",
      unresolved: THIRD_PARTY_DIGEST_ONLY,
    },
  },
} as const satisfies ServiceImages;

/** Who may call its namespace, on which ports (namespace-policies.ts). */
// prometheus-community/helm-charts kube-prometheus-stack-78.3.2 charts/kube-prometheus-stack/values.yaml
// and its grafana subchart (grafana/helm-charts grafana-10.1.2 charts/grafana/values.yaml)
export const MONITORING_INGRESS: readonly Admission[] = [
  {
    port: 9090,
    from: "rollouts",
    what: "Prometheus, queried by Argo Rollouts' analyses",
    valuesKey: "prometheus.service.targetPort",
  },
  { port: 3000, from: "router", what: "Grafana, when a route exposes it", valuesKey: "grafana.service.targetPort" },
  webhookAdmission(
    10250,
    "prometheusOperator.tls.internalPort",
    "Prometheus Operator's admission webhook, called by the API server",
  ),
];

export interface MonitoringArgs extends ServiceArgs {
  config: PlatformConfig["monitoring"];
}

const NAMESPACE = MONITORING_NAMESPACE;
/** `fullnameOverride`: every object the chart names starts with it. */
const FULLNAME = "monitoring";
const GRAFANA_ADMIN_SECRET = "grafana-admin";

/** The in-cluster address analyses query: the chart's `<fullname>-prometheus` Service on 9090. */
export const PROMETHEUS_URL = `http://${FULLNAME}-prometheus.${NAMESPACE}.svc.cluster.local:9090`;

// Keys checked in prometheus-community/helm-charts kube-prometheus-stack-78.3.2,
// charts/kube-prometheus-stack/values.yaml (prometheusOperator.resources,
// prometheusOperator.prometheusConfigReloader.resources: the reloader sidecar in every Prometheus and
// Alertmanager pod, prometheus.prometheusSpec.resources, alertmanager.alertmanagerSpec.resources) and its
// subcharts' values.yaml at the versions its Chart.yaml pins: grafana 10.1.2 (grafana/helm-charts
// grafana-10.1.2: resources, sidecar.resources), kube-state-metrics 6.3.0 and prometheus-node-exporter
// 4.48.0 (resources). The pod contexts the chart sets by default (runAsNonRoot, seccomp) stay as they are.
// Each image with a recorded digest runs by it, through the key MONITORING_IMAGES names.
function kubePrometheusStackValues(config: MonitoringArgs["config"]) {
  const requests = podResources({ cpu: "50m", memory: "64Mi" });
  const pinned = (image: PinnedOf<typeof MONITORING_IMAGES>) => digestValue(MONITORING_IMAGES, image);
  return {
    fullnameOverride: FULLNAME,
    crds: { enabled: true },
    // The EKS control plane is managed by AWS and cannot be scraped from inside the cluster.
    kubeControllerManager: { enabled: false },
    kubeScheduler: { enabled: false },
    kubeEtcd: { enabled: false },
    kubeProxy: { enabled: false },
    prometheusOperator: {
      // The webhook certificate's hook Jobs (admissionWebhooks.patch: enabled by default, values.yaml L2938-2946).
      admissionWebhooks: {
        patch: { image: { sha: pinned("webhookCertgen") }, resources: podResources({ cpu: "10m", memory: "32Mi" }) },
      },
      resources: podResources({ cpu: "100m", memory: "128Mi" }),
      prometheusConfigReloader: { resources: podResources({ cpu: "10m", memory: "32Mi" }) },
    },
    prometheus: {
      podDisruptionBudget: { enabled: config.prometheusReplicas >= 2, minAvailable: 1 },
      prometheusSpec: {
        replicas: config.prometheusReplicas,
        retention: config.retention,
        resources: podResources(config.resources),
        storageSpec: {
          volumeClaimTemplate: {
            spec: {
              accessModes: ["ReadWriteOnce"],
              resources: { requests: { storage: config.storage.size } },
              ...(config.storage.storageClass ? { storageClassName: config.storage.storageClass } : {}),
            },
          },
        },
        // Pick up monitors and rules from every namespace, not only those labelled for this release.
        serviceMonitorSelectorNilUsesHelmValues: false,
        podMonitorSelectorNilUsesHelmValues: false,
        ruleSelectorNilUsesHelmValues: false,
        probeSelectorNilUsesHelmValues: false,
      },
    },
    alertmanager: {
      podDisruptionBudget: { enabled: config.alertmanagerReplicas >= 2, minAvailable: 1 },
      alertmanagerSpec: {
        replicas: config.alertmanagerReplicas,
        resources: requests,
      },
    },
    grafana: {
      enabled: config.grafana.enabled,
      // Grafana 12 installs and updates a default set of plugins from grafana.com at every start, by no
      // pinned version or checksum (grafana/grafana pkg/setting/setting_plugins.go: defaultPreinstallPlugins,
      // read at commit 0a8a924c, after v12.2.0; to be re-read at v12.2.0). Off: Grafana keeps the plugins
      // its image bundles, the Prometheus data source among them.
      "grafana.ini": { plugins: { preinstall_disabled: true } },
      admin: { existingSecret: GRAFANA_ADMIN_SECRET, userKey: "admin-user", passwordKey: "admin-password" },
      resources: podResources({ cpu: "50m", memory: "128Mi" }),
      sidecar: {
        resources: podResources({ cpu: "10m", memory: "64Mi" }),
        dashboards: { enabled: true, label: "grafana_dashboard", labelValue: "1" },
      },
    },
    "kube-state-metrics": { resources: requests },
    "prometheus-node-exporter": {
      resources: podResources({ cpu: "20m", memory: "32Mi" }),
    },
  };
}

export class Monitoring extends pulumi.ComponentResource {
  public readonly prometheusUrl: pulumi.Output<string>;
  public readonly grafanaAdminPassword: pulumi.Output<string>;
  /** Done when the Prometheus Operator CRDs exist: ServiceMonitors and PodMonitors wait for it. */
  public readonly crds: pulumi.Resource;

  constructor(name: string, args: MonitoringArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("slipway:platform:Monitoring", name, {}, opts);
    const namespace = createNamespace(this, args, "monitoring", NAMESPACE);
    const childOpts = { parent: this, provider: args.provider };
    const labels = platformLabels(args, "monitoring");

    const password = new RandomPassword("grafana-admin", { length: 32, special: false }, { parent: this });
    const adminSecret = new Secret(
      "grafana-admin",
      {
        metadata: { name: GRAFANA_ADMIN_SECRET, namespace: NAMESPACE, labels },
        type: "Opaque",
        stringData: { "admin-user": "admin", "admin-password": password.result },
      },
      { ...childOpts, dependsOn: [namespace] },
    );
    const dashboard = new ConfigMap(
      "golden-signals-dashboard",
      {
        metadata: {
          name: "slipway-golden-signals",
          namespace: NAMESPACE,
          labels: { ...labels, grafana_dashboard: "1" },
        },
        data: { "slipway-golden-signals.json": goldenSignalsDashboard() },
      },
      { ...childOpts, dependsOn: [namespace] },
    );

    // helm.v3.Release: the operator's admission-webhook certificate is made by hook Jobs that a rendered chart would skip.
    const release = helmRelease(
      "kube-prometheus-stack",
      {
        pin: MONITORING_CHART,
        releaseName: "kube-prometheus-stack",
        namespace,
        extra: { service: "monitoring", values: args.config.values },
        values: kubePrometheusStackValues(args.config),
      },
      this,
      args,
      [adminSecret, dashboard],
    );

    this.prometheusUrl = pulumi.output(PROMETHEUS_URL);
    this.grafanaAdminPassword = pulumi.secret(password.result);
    this.crds = release;
    this.registerOutputs({ prometheusUrl: this.prometheusUrl, grafanaAdminPassword: this.grafanaAdminPassword });
  }
}
