/**
 * Every Slipway policy as a plain array. policy/index.ts hands it to a PolicyPack for the Pulumi CLI;
 * the offline render and the tests evaluate the same array without starting the pack's server.
 */
import type { EnforcementLevel, Policies } from "@pulumi/policy";
import { appsStackPolicies } from "./apps-stack";
import { appsStackIamPolicies } from "./apps-stack-iam";
import { appsStackOwnershipPolicies } from "./apps-stack-ownership";
import { s3Policies } from "./aws-s3";
import { awsServicePolicies } from "./aws-services";
import { kubernetesDeliveryPolicies } from "./kubernetes-delivery";
import { kubernetesSecurityPolicies } from "./kubernetes-security";
import { podSecurityLabelPolicies } from "./pod-security-labels";
import { productionPolicies } from "./production";

export const PACK_NAME = "slipway-guardrails";

/** Used when the pack config names no level: the config per environment (policy/config/*.json) raises it. */
export const DEFAULT_ENFORCEMENT: EnforcementLevel = "advisory";

export const policies: Policies = [
  ...kubernetesSecurityPolicies,
  ...podSecurityLabelPolicies,
  ...kubernetesDeliveryPolicies,
  ...s3Policies,
  ...awsServicePolicies,
  ...productionPolicies,
  ...appsStackPolicies,
  ...appsStackOwnershipPolicies,
  ...appsStackIamPolicies,
];
