/** `slipway:platform.externalSecrets`: Secrets Manager secrets for apps (components/platform/services/external-secrets.ts). */
import { z } from "zod";
import { irsa, rail, type Rail } from "../chart-guard-rails";
import { controller, defineService, SMALL, tierReplicas } from "./spec";

/** One of external-secrets' three Deployments (controller at the top level, webhook, certController). */
function workload(at: string): Record<string, Rail> {
  return {
    [`${at}replicaCount`]: rail("replicas", "externalSecrets.replicas"),
    [`${at}strategy`]: rail("strategy"),
    [`${at}podDisruptionBudget`]: rail("budget", "externalSecrets.replicas"),
    [`${at}resources`]: rail("resources", "externalSecrets.resources"),
    [`${at}securityContext`]: rail("container"),
    [`${at}image`]: rail("image"),
  };
}

export const externalSecrets = defineService({
  schema: (tier) =>
    z
      .strictObject({
        ...controller(false, { replicas: tierReplicas(tier), resources: SMALL }),
        /** Each tenant (apps stack, or a single stack's apps) reads only Secrets Manager secrets named `<prefix><tenant>/…`, through its own store. */
        secretPrefix: z
          .string()
          .regex(/^[\w/+=.@-]+\/$/, { error: "expected a secret name prefix ending in /, such as slipway/prod/" })
          .default("slipway/"),
      })
      .prefault({}),
  requires: [],
  uses: [],
  conflicts: [],
  needsAws: (c) => (c.enabled ? "enabled" : undefined),
  forApps: false,
  chart: {
    install: "external-secrets",
    source: "components/platform/services/external-secrets.ts",
    rails: {
      leaderElect: rail("leaderElection", "externalSecrets.replicas"),
      ...workload(""),
      ...workload("webhook."),
      ...workload("certController."),
      ...irsa(),
    },
  },
});
