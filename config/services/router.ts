/** `slipway:platform.router`: Traefik, serving the shared Gateway (components/platform/services/router.ts). */
import { z } from "zod";
import { managed, rail } from "../chart-guard-rails";
import { integer } from "../primitives";
import { controller, defineService, enumOf, tierReplicas } from "./spec";

export const router = defineService({
  schema: (tier, onAws) =>
    z
      .strictObject({
        ...controller(true, { replicas: tierReplicas(tier), resources: { cpu: "100m", memory: "128Mi" } }),
        /** `nlb`: a LoadBalancer Service fronted by an AWS NLB; `nodePort`: fixed node ports for a local cluster. */
        exposure: enumOf(["nlb", "nodePort"]).default(onAws ? "nlb" : "nodePort"),
        scheme: enumOf(["internet-facing", "internal"]).default("internet-facing"),
        nodePorts: z
          .strictObject({ http: integer(30000, 32767).default(30080), https: integer(30000, 32767).default(30443) })
          .prefault({}),
      })
      .prefault({}),
  requires: [],
  // The NLB's Service waits for the controller's webhook; the router's PodMonitor for the CRDs.
  uses: ["loadBalancerController", "monitoring"],
  conflicts: [],
  forApps: true,
  chart: {
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
});
