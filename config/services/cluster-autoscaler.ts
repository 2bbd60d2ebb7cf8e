/** `slipway:platform.clusterAutoscaler`: resizes the managed node groups (components/platform/services/cluster-autoscaler.ts). */
import { z } from "zod";
import { irsa, managed, rail } from "../chart-guard-rails";
import { controller, defineService, MEDIUM, tierReplicas } from "./spec";

export const clusterAutoscaler = defineService({
  schema: (tier) => z.strictObject(controller(false, { replicas: tierReplicas(tier), resources: MEDIUM })).prefault({}),
  requires: [],
  uses: [],
  conflicts: [{ service: "karpenter", why: "run one node autoscaler, not both" }],
  needsAws: (c) => (c.enabled ? "enabled" : undefined),
  forApps: false,
  chart: {
    install: "cluster-autoscaler",
    source: "components/platform/services/cluster-autoscaler.ts",
    rails: {
      "autoDiscovery.clusterName": managed("its IAM role may resize this cluster's groups only"),
      replicaCount: rail("replicas", "clusterAutoscaler.replicas"),
      podDisruptionBudget: rail("budget", "clusterAutoscaler.replicas"),
      updateStrategy: rail("strategy"),
      resources: rail("resources", "clusterAutoscaler.resources"),
      image: rail("image"),
      securityContext: rail("pod"),
      containerSecurityContext: rail("container"),
      ...irsa("rbac.serviceAccount"),
    },
  },
});
