/** `slipway:platform.logging`: Fluent Bit on every node (components/platform/services/logging.ts). */
import { z } from "zod";
import { irsa, managed, rail } from "../chart-guard-rails";
import { chartValues } from "../chart-values";
import { bool, hostName, integer } from "../primitives";
import type { Tier } from "../tiers";
import { defineService, enumOf, requests, SMALL } from "./spec";

/** The values CloudWatch Logs accepts for a log group's retention. */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];
const logRetentionDays = z.number().refine((n) => LOG_RETENTION_DAYS.includes(n), {
  error: `expected a CloudWatch retention in days: one of ${LOG_RETENTION_DAYS.join(", ")}`,
});
const RETENTION_DAYS: Record<Tier, number> = { dev: 7, staging: 14, prod: 30 };

export const logging = defineService({
  schema: (tier, onAws) =>
    z
      .strictObject({
        enabled: bool.default(true),
        /** `cloudwatch` on EKS; `forward` (Fluent protocol) or `stdout` for a local cluster. */
        destination: enumOf(["cloudwatch", "forward", "stdout"]).default(onAws ? "cloudwatch" : "stdout"),
        retentionDays: logRetentionDays.default(RETENTION_DAYS[tier]),
        forward: z
          .strictObject({
            // Written into Fluent Bit's config file: a newline would start a section of its own.
            host: hostName,
            port: integer(1, 65535).default(24224),
          })
          .optional(),
        resources: requests(SMALL),
        values: chartValues,
      })
      .superRefine((l, ctx) => {
        if (l.enabled && l.destination === "forward" && !l.forward) {
          ctx.addIssue({
            code: "custom",
            path: ["forward"],
            message: "expected { host, port } (required when destination is forward)",
          });
        }
      })
      .prefault({}),
  requires: [],
  uses: [],
  conflicts: [],
  needsAws: (c) => (c.enabled && c.destination === "cloudwatch" ? "destination" : undefined),
  forApps: false,
  chart: {
    install: "fluent-bit",
    source: "components/platform/services/logging.ts",
    rails: {
      ...irsa(),
      resources: rail("resources", "logging.resources"),
      image: rail("image"),
      podSecurityContext: rail("seccomp"),
      securityContext: rail("rootReader"),
      tolerations: managed("logs are collected from every node, tainted ones included"),
      "config.outputs": managed("where logs go", "logging.destination"),
    },
  },
});
