/** `slipway:platform.loadBalancerController`: the router's NLB (components/platform/services/load-balancer-controller.ts). */
import { z } from "zod";
import { irsa, managed, rail } from "../chart-guard-rails";
import { controller, defineService, MEDIUM, tierReplicas } from "./spec";

export const loadBalancerController = defineService({
  schema: (tier, onAws) =>
    z.strictObject(controller(onAws, { replicas: tierReplicas(tier), resources: MEDIUM })).prefault({}),
  requires: [],
  uses: [],
  conflicts: [],
  needsAws: (c) => (c.enabled ? "enabled" : undefined),
  forApps: false,
  chart: {
    install: "aws-load-balancer-controller",
    source: "components/platform/services/load-balancer-controller.ts",
    rails: {
      clusterName: managed("its IAM role may manage this cluster's load balancers only"),
      replicaCount: rail("replicas", "loadBalancerController.replicas"),
      podDisruptionBudget: rail("budget", "loadBalancerController.replicas"),
      updateStrategy: rail("strategy"),
      resources: rail("resources", "loadBalancerController.resources"),
      image: rail("image"),
      podSecurityContext: rail("pod"),
      securityContext: rail("container"),
      ...irsa(),
      enableServiceMutatorWebhook: managed("only the router's Service gets an NLB"),
      enableShield: managed("no ALB: its IAM role grants no Shield calls"),
      enableWaf: managed("no ALB: its IAM role grants no WAF calls"),
      enableWafv2: managed("no ALB: its IAM role grants no WAFv2 calls"),
    },
  },
});
