/**
 * What Slipway sets in each chart's values that `slipway:platform.<service>.values` may not change:
 * guard-rails (what makes a chart's workloads pass the policy pack, and binds a service's IRSA role to
 * its service account) and values Slipway derives from a typed setting or relies on elsewhere.
 *
 * One table serves three readers, so they cannot drift apart: the install helper
 * (components/platform/common.ts) refuses to install a chart whose values leave one of these paths
 * unset, the config check refuses extra values that overlap one, and the hardening tests take the paths
 * they check from here. Paths are the chart value paths each component cites from the chart's
 * values.yaml at the pinned version (docs/platform-charts.md).
 */
import type { PlatformConfig } from "./platform";

export type RailKind =
  | "resources"
  | "container"
  | "rootReader"
  | "pod"
  | "seccomp"
  | "strategy"
  | "replicas"
  | "budget"
  | "spread"
  | "leaderElection"
  | "serviceAccount"
  | "keepCrds"
  | "image"
  | "managed";

/** What each kind of guard-rail holds, as a refusal explains it. */
export const GUARD_RAILS: Record<Exclude<RailKind, "managed">, string> = {
  resources: "CPU and memory requests and limits (k8s-resources-set)",
  container:
    "the restricted container context: non-root, no privilege escalation, no capabilities, read-only root, seccomp",
  rootReader:
    "the restricted container context less runAsNonRoot (its k8s-run-as-non-root exemption covers exactly this)",
  pod: "the pod context with which the kubelet refuses root and applies the runtime's seccomp profile",
  seccomp: "the pod context that applies the runtime's seccomp profile (the pod runs as root under its exemption)",
  strategy: "a rolling update that adds a pod before removing one (k8s-zero-downtime-rollout)",
  replicas: "the replica count (prod-high-availability)",
  budget: "the PodDisruptionBudget that goes with the replica count (prod-high-availability)",
  spread: "the zone spread of the replicas",
  leaderElection: "leader election, on whenever more than one replica runs",
  serviceAccount: "the service account its IRSA role trusts, and the role's annotation",
  keepCrds: "CRDs kept when the chart is uninstalled (deleting them deletes every object of their kinds)",
  // Where a component pins its image by digest (components/platform/image-digests.ts); the hardening
  // test fails when a component pins an image at a path this table does not list.
  image: "the image pinned by tag and digest (k8s-image-pinned)",
};

export interface Rail {
  kind: RailKind;
  /** The typed setting, under `slipway:platform.`, the value follows. */
  typed?: string;
  /** For a managed value: what relies on it. */
  why?: string;
}

export interface ChartRails {
  /** The Helm install's (and release's) name. */
  install: string;
  /** Where the values are set. */
  source: string;
  /** Chart value path (dotted) → what Slipway keeps there. */
  rails: Record<string, Rail>;
}

const rail = (kind: RailKind, typed?: string): Rail => ({ kind, typed });
const managed = (why: string, typed?: string): Rail => ({ kind: "managed", why, typed });

function irsa(at = "serviceAccount"): Record<string, Rail> {
  return { [`${at}.name`]: rail("serviceAccount"), [`${at}.annotations`]: rail("serviceAccount") };
}

/** One of cert-manager's three Deployments (controller at the top level, webhook, cainjector). */
function certManagerWorkload(at: string): Record<string, Rail> {
  return {
    [`${at}replicaCount`]: rail("replicas", "certManager.replicas"),
    [`${at}strategy`]: rail("strategy"),
    [`${at}podDisruptionBudget`]: rail("budget", "certManager.replicas"),
    [`${at}resources`]: rail("resources", "certManager.resources"),
    [`${at}securityContext`]: rail("pod"),
    [`${at}containerSecurityContext`]: rail("container"),
  };
}

/** One of external-secrets' three Deployments (controller at the top level, webhook, certController). */
function externalSecretsWorkload(at: string): Record<string, Rail> {
  return {
    [`${at}replicaCount`]: rail("replicas", "externalSecrets.replicas"),
    [`${at}strategy`]: rail("strategy"),
    [`${at}podDisruptionBudget`]: rail("budget", "externalSecrets.replicas"),
    [`${at}resources`]: rail("resources", "externalSecrets.resources"),
    [`${at}securityContext`]: rail("container"),
  };
}

const MONITORS = "the platform's ServiceMonitors exist only when Prometheus Operator does";

export const CHART_RAILS = {
  router: {
    install: "traefik",
    source: "components/platform/services/router.ts",
    rails: {
      "deployment.replicas": rail("replicas", "router.replicas"),
      podDisruptionBudget: rail("budget", "router.replicas"),
      topologySpreadConstraints: rail("spread", "router.replicas"),
      updateStrategy: rail("strategy"),
      resources: rail("resources", "router.resources"),
      podSecurityContext: rail("pod"),
      securityContext: rail("container"),
      "service.type": managed("how the router is reached", "router.exposure"),
      "providers.kubernetesGateway": managed("Slipway's Gateways and routes are served by this provider"),
      "ports.web.port": managed("the Gateway's HTTP listener is this entry point"),
      "ports.websecure.port": managed("the Gateway's HTTPS listeners are this entry point"),
      "metrics.prometheus": managed("canary analyses and the golden-signals dashboard read these series"),
      image: rail("image"),
      versionOverride: managed("the image tag carries the digest, so the chart reads Traefik's version from here"),
    },
  },
  certManager: {
    install: "cert-manager",
    source: "components/platform/services/cert-manager.ts",
    rails: {
      ...certManagerWorkload(""),
      ...certManagerWorkload("webhook."),
      ...certManagerWorkload("cainjector."),
      "startupapicheck.resources": rail("resources", "certManager.resources"),
      "startupapicheck.securityContext": rail("pod"),
      "startupapicheck.containerSecurityContext": rail("container"),
      ...irsa(),
      "crds.keep": rail("keepCrds"),
      "config.enableGatewayAPI": managed("the HTTP-01 solver answers through the Gateway"),
      "prometheus.servicemonitor.enabled": managed(MONITORS, "monitoring.enabled"),
    },
  },
  externalDns: {
    install: "external-dns",
    source: "components/platform/services/external-dns.ts",
    rails: {
      resources: rail("resources", "externalDns.resources"),
      podSecurityContext: rail("pod"),
      securityContext: rail("container"),
      ...irsa(),
      policy: managed("whether records are deleted", "externalDns.policy"),
      txtOwnerId: managed("records are owned by this stack alone"),
      domainFilters: managed("records are written in the configured zones only", "hostedZones"),
      extraArgs: managed("records are written in the configured zones only (--zone-id-filter)", "hostedZones"),
      sources: managed("the routes' hostnames are what is published"),
      image: rail("image"),
    },
  },
  metricsServer: {
    install: "metrics-server",
    source: "components/platform/services/metrics-server.ts",
    rails: {
      replicas: rail("replicas", "metricsServer.replicas"),
      podDisruptionBudget: rail("budget", "metricsServer.replicas"),
      updateStrategy: rail("strategy"),
      resources: rail("resources", "metricsServer.resources"),
      podSecurityContext: rail("pod"),
      securityContext: rail("container"),
      args: managed("how metrics-server trusts kubelets", "metricsServer.kubeletInsecureTls"),
      image: rail("image"),
    },
  },
  monitoring: {
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
    },
  },
  logging: {
    install: "fluent-bit",
    source: "components/platform/services/logging.ts",
    rails: {
      ...irsa(),
      resources: rail("resources", "logging.resources"),
      podSecurityContext: rail("seccomp"),
      securityContext: rail("rootReader"),
      tolerations: managed("logs are collected from every node, tainted ones included"),
      "config.outputs": managed("where logs go", "logging.destination"),
    },
  },
  rollouts: {
    install: "argo-rollouts",
    source: "components/platform/services/rollouts.ts",
    rails: {
      keepCRDs: rail("keepCrds"),
      "controller.replicas": rail("replicas", "rollouts.replicas"),
      "controller.pdb": rail("budget", "rollouts.replicas"),
      "controller.resources": rail("resources", "rollouts.resources"),
      podSecurityContext: rail("pod"),
      containerSecurityContext: rail("container"),
      "controller.metrics.serviceMonitor.enabled": managed(MONITORS, "monitoring.enabled"),
      "controller.trafficRouterPlugins": managed("canaries shift traffic through the Gateway API plugin"),
      "controller.nodeSelector": managed("the plugin binary is built for one architecture"),
    },
  },
  karpenter: {
    install: "karpenter",
    source: "components/platform/services/karpenter.ts",
    rails: {
      ...irsa(),
      "settings.clusterName": managed("Karpenter manages this cluster's nodes"),
      "settings.interruptionQueue": managed("Karpenter drains nodes ahead of Spot interruptions"),
      replicas: rail("replicas", "karpenter.replicas"),
      podDisruptionBudget: rail("budget", "karpenter.replicas"),
      podSecurityContext: rail("pod"),
      "controller.resources": rail("resources", "karpenter.resources"),
      "controller.image": rail("image"),
    },
  },
  clusterAutoscaler: {
    install: "cluster-autoscaler",
    source: "components/platform/services/cluster-autoscaler.ts",
    rails: {
      "autoDiscovery.clusterName": managed("its IAM role may resize this cluster's groups only"),
      replicaCount: rail("replicas", "clusterAutoscaler.replicas"),
      podDisruptionBudget: rail("budget", "clusterAutoscaler.replicas"),
      updateStrategy: rail("strategy"),
      resources: rail("resources", "clusterAutoscaler.resources"),
      securityContext: rail("pod"),
      containerSecurityContext: rail("container"),
      ...irsa("rbac.serviceAccount"),
    },
  },
  externalSecrets: {
    install: "external-secrets",
    source: "components/platform/services/external-secrets.ts",
    rails: {
      leaderElect: rail("leaderElection", "externalSecrets.replicas"),
      ...externalSecretsWorkload(""),
      ...externalSecretsWorkload("webhook."),
      ...externalSecretsWorkload("certController."),
      ...irsa(),
    },
  },
  loadBalancerController: {
    install: "aws-load-balancer-controller",
    source: "components/platform/services/load-balancer-controller.ts",
    rails: {
      clusterName: managed("its IAM role may manage this cluster's load balancers only"),
      replicaCount: rail("replicas", "loadBalancerController.replicas"),
      podDisruptionBudget: rail("budget", "loadBalancerController.replicas"),
      updateStrategy: rail("strategy"),
      resources: rail("resources", "loadBalancerController.resources"),
      podSecurityContext: rail("pod"),
      securityContext: rail("container"),
      ...irsa(),
      enableServiceMutatorWebhook: managed("only the router's Service gets an NLB"),
    },
  },
} as const satisfies Record<string, ChartRails>;

/** The platform services whose chart takes extra values: one chart each. */
export type ChartService = keyof typeof CHART_RAILS & keyof PlatformConfig;
