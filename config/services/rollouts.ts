/** `slipway:platform.rollouts`: the Argo Rollouts controller (components/platform/services/rollouts.ts). */
import { z } from "zod";
import { managed, MONITORS, rail } from "../chart-guard-rails";
import { controller, defineService, MEDIUM, tierReplicas } from "./spec";

const PLUGIN_URL_ERROR = "expected the https URL of the plugin's linux-amd64 binary (no spaces or quotes)";
const SHA256_ERROR = "expected the binary's sha256: 64 lowercase hexadecimal digits";

/**
 * The Gateway API traffic-router plugin binary, when the stack pins its own (both keys: the controller
 * refuses a download whose sha256 differs). Absent: the built-in pin (components/platform/charts.ts).
 */
const trafficRouterPlugin = z.strictObject(
  {
    url: z
      .string({ error: PLUGIN_URL_ERROR })
      .max(2048, { error: PLUGIN_URL_ERROR })
      .regex(/^https:\/\/[A-Za-z0-9][A-Za-z0-9\-._~%!&()*+,;=:@/?]*$/, { error: PLUGIN_URL_ERROR }),
    sha256: z.string({ error: SHA256_ERROR }).regex(/^[0-9a-f]{64}$/, { error: SHA256_ERROR }),
  },
  { error: "expected { url, sha256 }: the plugin binary's https URL and its sha256" },
);

export const rollouts = defineService({
  schema: (tier) =>
    z
      .strictObject({
        ...controller(true, { replicas: tierReplicas(tier), resources: MEDIUM }),
        trafficRouterPlugin: trafficRouterPlugin.optional(),
        /**
         * Lets each app namespace hold its own Argo Rollouts notification config and webhook secret
         * (the controller's `--self-service-notification-enabled`): needed by `slipway:notifications`.
         */
        notifications: z.boolean({ error: "expected true or false" }).default(false),
      })
      .prefault({}),
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
      "controller.image": rail("image"),
      podSecurityContext: rail("pod"),
      containerSecurityContext: rail("container"),
      "controller.metrics.serviceMonitor.enabled": managed(MONITORS, "monitoring.enabled"),
      "controller.trafficRouterPlugins": managed("canaries shift traffic through the Gateway API plugin"),
      "controller.nodeSelector": managed("the plugin binary is built for one architecture"),
    },
  },
});
