/**
 * What each platform service runs with per environment tier when the stack does not say otherwise.
 * Staging and prod run every controller that supports it with two replicas (and the components add
 * PodDisruptionBudgets), so a node drain never takes a platform service down.
 */
import { EKS_AMI_RELEASE } from "./eks-ami";
import type { Tier } from "./tiers";

export interface Requests {
  cpu: string;
  memory: string;
}

export interface ControllerDefaults {
  replicas: number;
  resources: Requests;
}

/** Karpenter's nodes run the same reviewed AMI release as the managed node groups (eks-ami.ts). */
export const KARPENTER_AMI_ALIAS = `al2023@${EKS_AMI_RELEASE}`;

type Issuer = "letsencrypt" | "letsencrypt-staging" | "self-signed";

export interface PlatformDefaults {
  router: ControllerDefaults;
  certManager: ControllerDefaults & { issuer: Issuer };
  externalDns: { resources: Requests };
  metricsServer: ControllerDefaults;
  monitoring: {
    prometheusReplicas: number;
    alertmanagerReplicas: number;
    retention: string;
    storageSize: string;
    resources: Requests;
  };
  logging: { retentionDays: number; resources: Requests };
  rollouts: ControllerDefaults;
  karpenter: ControllerDefaults;
  clusterAutoscaler: ControllerDefaults;
  externalSecrets: ControllerDefaults;
  loadBalancerController: ControllerDefaults;
}

const small: Requests = { cpu: "50m", memory: "64Mi" };
const medium: Requests = { cpu: "100m", memory: "128Mi" };

function tierDefaults(
  replicas: number,
  issuer: Issuer,
  monitoring: PlatformDefaults["monitoring"],
  logDays: number,
): PlatformDefaults {
  return {
    router: { replicas, resources: { cpu: "100m", memory: "128Mi" } },
    certManager: { replicas, resources: small, issuer },
    externalDns: { resources: small },
    metricsServer: { replicas, resources: { cpu: "100m", memory: "200Mi" } },
    monitoring,
    logging: { retentionDays: logDays, resources: small },
    rollouts: { replicas, resources: medium },
    karpenter: { replicas, resources: { cpu: "250m", memory: "256Mi" } },
    clusterAutoscaler: { replicas, resources: medium },
    externalSecrets: { replicas, resources: small },
    loadBalancerController: { replicas, resources: medium },
  };
}

export const PLATFORM_DEFAULTS: Record<Tier, PlatformDefaults> = {
  dev: tierDefaults(
    1,
    "letsencrypt-staging",
    {
      prometheusReplicas: 1,
      alertmanagerReplicas: 1,
      retention: "3d",
      storageSize: "10Gi",
      resources: { cpu: "200m", memory: "512Mi" },
    },
    7,
  ),
  staging: tierDefaults(
    2,
    "letsencrypt-staging",
    {
      prometheusReplicas: 2,
      alertmanagerReplicas: 2,
      retention: "7d",
      storageSize: "20Gi",
      resources: { cpu: "250m", memory: "1Gi" },
    },
    14,
  ),
  prod: tierDefaults(
    2,
    "letsencrypt",
    {
      prometheusReplicas: 2,
      alertmanagerReplicas: 2,
      retention: "15d",
      storageSize: "50Gi",
      resources: { cpu: "500m", memory: "2Gi" },
    },
    30,
  ),
};
