/** `slipway:platform.monitoring`: kube-prometheus-stack (components/platform/services/monitoring.ts). */
import { z } from "zod";
import { managed, rail } from "../chart-guard-rails";
import { chartValues } from "../chart-values";
import { bool, dnsLabel, integer, memoryQuantity } from "../primitives";
import type { Tier } from "../tiers";
import { defineService, requests, type Requests } from "./spec";

interface MonitoringDefaults {
  replicas: number;
  retention: string;
  storageSize: string;
  resources: Requests;
}

const DEFAULTS: Record<Tier, MonitoringDefaults> = {
  dev: { replicas: 1, retention: "3d", storageSize: "10Gi", resources: { cpu: "200m", memory: "512Mi" } },
  staging: { replicas: 2, retention: "7d", storageSize: "20Gi", resources: { cpu: "250m", memory: "1Gi" } },
  prod: { replicas: 2, retention: "15d", storageSize: "50Gi", resources: { cpu: "500m", memory: "2Gi" } },
};

const prometheusRetention = z
  .string()
  .regex(/^\d+(h|d|w|y)$/, { error: "expected a Prometheus retention such as 12h, 15d or 4w" });

export const monitoring = defineService({
  schema: (tier) => {
    const d = DEFAULTS[tier];
    return z
      .strictObject({
        enabled: bool.default(true),
        prometheusReplicas: integer(1, 5).default(d.replicas),
        alertmanagerReplicas: integer(1, 5).default(d.replicas),
        retention: prometheusRetention.default(d.retention),
        storage: z
          .strictObject({
            size: memoryQuantity.default(d.storageSize),
            storageClass: dnsLabel("a StorageClass name", 63).optional(),
          })
          .prefault({}),
        resources: requests(d.resources),
        grafana: z.strictObject({ enabled: bool.default(true) }).prefault({}),
        values: chartValues,
      })
      .prefault({});
  },
  requires: [],
  uses: [],
  conflicts: [],
  forApps: true,
  chart: {
    install: "kube-prometheus-stack",
    source: "components/platform/services/monitoring.ts",
    rails: {
      fullnameOverride: managed("canary analyses query Prometheus by the Service name it gives"),
      "prometheusOperator.resources": rail("resources"),
      "prometheusOperator.prometheusConfigReloader.resources": rail("resources"),
      "prometheusOperator.admissionWebhooks.patch.resources": rail("resources"),
      "prometheus.podDisruptionBudget": rail("budget", "monitoring.prometheusReplicas"),
      "prometheus.prometheusSpec.replicas": rail("replicas", "monitoring.prometheusReplicas"),
      "prometheus.prometheusSpec.resources": rail("resources", "monitoring.resources"),
      "prometheus.prometheusSpec.retention": managed("how long metrics are kept", "monitoring.retention"),
      "prometheus.prometheusSpec.storageSpec": managed("where metrics are kept", "monitoring.storage"),
      "prometheus.prometheusSpec.serviceMonitorSelectorNilUsesHelmValues": managed("every ServiceMonitor is scraped"),
      "prometheus.prometheusSpec.podMonitorSelectorNilUsesHelmValues": managed("every PodMonitor is scraped"),
      "alertmanager.podDisruptionBudget": rail("budget", "monitoring.alertmanagerReplicas"),
      "alertmanager.alertmanagerSpec.replicas": rail("replicas", "monitoring.alertmanagerReplicas"),
      "alertmanager.alertmanagerSpec.resources": rail("resources"),
      "grafana.enabled": managed("whether Grafana runs", "monitoring.grafana.enabled"),
      "grafana.admin": managed("the admin password is the generated one Slipway keeps in a Secret"),
      "grafana.resources": rail("resources"),
      "grafana.sidecar.resources": rail("resources"),
      "kube-state-metrics.resources": rail("resources"),
      "prometheus-node-exporter.resources": rail("resources"),
      "prometheusOperator.image": rail("image"),
      "prometheusOperator.admissionWebhooks.patch.image": rail("image"),
      "alertmanager.alertmanagerSpec.image": rail("image"),
      "grafana.image": rail("image"),
      "grafana.sidecar.image": rail("image"),
      "kube-state-metrics.image": rail("image"),
      "prometheus-node-exporter.image": rail("image"),
      "prometheusOperator.prometheusConfigReloader.image": rail("image"),
      "prometheus.prometheusSpec.image": rail("image"),
    },
  },
});
