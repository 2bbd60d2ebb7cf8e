/** `slipway:platform`: the shared services apps attach to. */
import { z } from "zod";
import { dnsLabel } from "./primitives";

const gatewaySchema = z.strictObject({
  name: dnsLabel("a Gateway name", 63).default("slipway"),
  /** The router's data plane runs here too, so app NetworkPolicies admit traffic from it. */
  namespace: dnsLabel("a namespace name", 63).default("slipway-router"),
});

export const platformSchema = z.strictObject({
  gateway: gatewaySchema.default(gatewaySchema.parse({})),
});

export type PlatformConfig = z.output<typeof platformSchema>;
