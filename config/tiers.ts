/** Environment tiers and the defaults each one gives an app that does not say otherwise. */
export const TIERS = ["dev", "staging", "prod"] as const;
export type Tier = (typeof TIERS)[number];

export interface TierDefaults {
  replicas: number;
  resources: { cpu: string; memory: string; cpuLimit: string; memoryLimit: string };
  revisionHistoryLimit: number;
}

export const TIER_DEFAULTS: Record<Tier, TierDefaults> = {
  dev: {
    replicas: 1,
    resources: { cpu: "50m", memory: "64Mi", cpuLimit: "500m", memoryLimit: "256Mi" },
    revisionHistoryLimit: 3,
  },
  staging: {
    replicas: 2,
    resources: { cpu: "100m", memory: "128Mi", cpuLimit: "1", memoryLimit: "512Mi" },
    revisionHistoryLimit: 5,
  },
  // Prod runs at least two replicas so a node drain or a rollout never leaves an app without pods.
  prod: {
    replicas: 2,
    resources: { cpu: "250m", memory: "256Mi", cpuLimit: "1", memoryLimit: "512Mi" },
    revisionHistoryLimit: 10,
  },
};
