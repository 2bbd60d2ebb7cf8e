/** `slipway:platform.certManager`: the Gateway's certificates (components/platform/services/cert-manager.ts). */
import { z } from "zod";
import { irsa, managed, MONITORS, rail, type Rail } from "../chart-guard-rails";
import type { Tier } from "../tiers";
import { controller, defineService, enumOf, SMALL, tierReplicas } from "./spec";

const ISSUERS = ["letsencrypt", "letsencrypt-staging", "self-signed"] as const;

/** Let's Encrypt's staging CA outside prod: its rate limits are far higher. */
const DEFAULT_ISSUER: Record<Tier, (typeof ISSUERS)[number]> = {
  dev: "letsencrypt-staging",
  staging: "letsencrypt-staging",
  prod: "letsencrypt",
};

/** One of cert-manager's three Deployments (controller at the top level, webhook, cainjector). */
function workload(at: string): Record<string, Rail> {
  return {
    [`${at}replicaCount`]: rail("replicas", "certManager.replicas"),
    [`${at}strategy`]: rail("strategy"),
    [`${at}podDisruptionBudget`]: rail("budget", "certManager.replicas"),
    [`${at}resources`]: rail("resources", "certManager.resources"),
    [`${at}securityContext`]: rail("pod"),
    [`${at}containerSecurityContext`]: rail("container"),
  };
}

export const certManager = defineService({
  schema: (tier) =>
    z
      .strictObject({
        ...controller(true, { replicas: tierReplicas(tier), resources: SMALL }),
        /** Which ClusterIssuer signs the Gateway's certificates. */
        issuer: enumOf(ISSUERS).default(DEFAULT_ISSUER[tier]),
        email: z.email({ error: "expected an email address for the ACME account" }).optional(),
      })
      .prefault({}),
  requires: [{ service: "router", why: "serves the shared Gateway" }],
  uses: ["monitoring"],
  conflicts: [],
  forApps: true,
  chart: {
    install: "cert-manager",
    source: "components/platform/services/cert-manager.ts",
    rails: {
      ...workload(""),
      ...workload("webhook."),
      ...workload("cainjector."),
      "startupapicheck.resources": rail("resources", "certManager.resources"),
      image: rail("image"),
      "webhook.image": rail("image"),
      "cainjector.image": rail("image"),
      "acmesolver.image": rail("image"),
      "startupapicheck.image": rail("image"),
      "startupapicheck.securityContext": rail("pod"),
      "startupapicheck.containerSecurityContext": rail("container"),
      ...irsa(),
      "crds.keep": rail("keepCrds"),
      "config.enableGatewayAPI": managed("the HTTP-01 solver answers through the Gateway"),
      "prometheus.servicemonitor.enabled": managed(MONITORS, "monitoring.enabled"),
    },
  },
});
