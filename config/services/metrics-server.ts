/** `slipway:platform.metricsServer`: the metrics API app autoscalers read (components/platform/services/metrics-server.ts). */
import { z } from "zod";
import { managed, rail } from "../chart-guard-rails";
import { bool } from "../primitives";
import { controller, defineService, tierReplicas } from "./spec";

export const metricsServer = defineService({
  schema: (tier) =>
    z
      .strictObject({
        ...controller(true, { replicas: tierReplicas(tier), resources: { cpu: "100m", memory: "200Mi" } }),
        /** Only for local clusters whose kubelets serve self-signed certificates (kind). */
        kubeletInsecureTls: bool.default(false),
      })
      .prefault({}),
  requires: [],
  uses: [],
  conflicts: [],
  forApps: true,
  chart: {
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
});
