/**
 * The CrossGuard pack for the Pulumi CLI:
 *   pulumi preview --policy-pack policy --policy-pack-config policy/config/<environment>.json
 * Constructing a PolicyPack starts its gRPC server, so nothing else may import this file.
 */
import { PolicyPack } from "@pulumi/policy";
import { DEFAULT_ENFORCEMENT, PACK_NAME, policies } from "./policies";

new PolicyPack(PACK_NAME, {
  description: "Slipway guard-rails: hardened, zero-downtime Kubernetes workloads and locked-down AWS resources.",
  enforcementLevel: DEFAULT_ENFORCEMENT,
  policies,
});
