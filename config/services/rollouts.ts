/** `slipway:platform.rollouts`: the Argo Rollouts controller (components/platform/services/rollouts.ts). */
import { z } from "zod";
import { managed, MONITORS, rail } from "../chart-guard-rails";
import { controller, defineService, MEDIUM, tierReplicas } from "./spec";

export const rollouts = defineService({
  schema: (tier) => z.strictObject(controller(true, { replicas: tierReplicas(tier), resources: MEDIUM })).prefault({}),
  requires: [],
  // Analyses get Prometheus' address; the controller's ServiceMonitor waits for the CRDs.
  uses: ["monitoring"],
  conflicts: [],
  forApps: true,
  chart: {
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
});
