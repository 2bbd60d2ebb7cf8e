/** `slipway:platform.externalDns`: Route 53 records for routed hosts (components/platform/services/external-dns.ts). */
import { z } from "zod";
import { irsa, managed, rail } from "../chart-guard-rails";
import { chartValues } from "../chart-values";
import { bool } from "../primitives";
import { defineService, enumOf, requests, SMALL } from "./spec";

export const externalDns = defineService({
  schema: () =>
    z
      .strictObject({
        enabled: bool.default(false),
        /** `sync` also deletes records it owns that no route asks for; `upsert-only` never deletes. */
        policy: enumOf(["sync", "upsert-only"]).default("sync"),
        resources: requests(SMALL),
        values: chartValues,
      })
      .prefault({}),
  requires: [{ service: "router", why: "serves the shared Gateway" }],
  uses: [],
  conflicts: [],
  needsAws: (c) => (c.enabled ? "enabled" : undefined),
  forApps: true,
  chart: {
    install: "external-dns",
    source: "components/platform/services/external-dns.ts",
    rails: {
      resources: rail("resources", "externalDns.resources"),
      podSecurityContext: rail("pod"),
      securityContext: rail("container"),
      ...irsa(),
      policy: managed("whether records are deleted", "externalDns.policy"),
      txtOwnerId: managed("records are owned by this stack alone"),
      domainFilters: managed("records are written in the configured zones only", "hostedZones"),
      extraArgs: managed("records are written in the configured zones only (--zone-id-filter)", "hostedZones"),
      sources: managed("the routes' hostnames are what is published"),
      image: rail("image"),
    },
  },
});
