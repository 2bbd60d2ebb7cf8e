/**
 * The cluster's own wall around tenant namespaces: a ValidatingAdmissionPolicy per concern, each bound
 * (validationActions Deny) to every namespace carrying the tenant label, and the parameters they read
 * in a namespace of the platform's that tenants cannot write. What the pack refuses at preview, the API
 * server refuses for kubectl and controllers too (admissionregistration.k8s.io/v1, GA in Kubernetes 1.30).
 */
import * as pulumi from "@pulumi/pulumi";
import type { Provider } from "@pulumi/kubernetes/provider";
import { ConfigMap, Namespace } from "@pulumi/kubernetes/core/v1";
import {
  ValidatingAdmissionPolicy,
  ValidatingAdmissionPolicyBinding,
} from "@pulumi/kubernetes/admissionregistration/v1";
import { podSecurityLabels } from "../pod-security";
import { ADMISSION_NAMESPACE, PARAMS_NAME, policyObjects } from "./tenant-match";
import { installedTenantPolicies } from "./policies";
import { admissionParams, type AdmissionParamsArgs } from "./params";

export interface TenantAdmissionArgs extends AdmissionParamsArgs {
  provider: Provider;
  labels: Record<string, string>;
  podSecurityVersion: string;
  /** Whether External Secrets is installed (policies.ts installedTenantPolicies). */
  externalSecrets: boolean;
}

export class TenantAdmission extends pulumi.ComponentResource {
  constructor(name: string, args: TenantAdmissionArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("slipway:platform:TenantAdmission", name, {}, opts);
    const childOpts = { parent: this, provider: args.provider };
    const namespace = new Namespace(
      `${name}-ns`,
      {
        metadata: {
          name: ADMISSION_NAMESPACE,
          labels: { ...args.labels, ...podSecurityLabels("restricted", args.podSecurityVersion) },
        },
      },
      childOpts,
    );
    const params = new ConfigMap(
      `${name}-params`,
      {
        metadata: { name: PARAMS_NAME, namespace: namespace.metadata.name, labels: args.labels },
        data: admissionParams(args),
      },
      childOpts,
    );
    for (const policy of installedTenantPolicies(args.externalSecrets)) {
      const { vap, binding } = policyObjects(policy, args.labels);
      const created = new ValidatingAdmissionPolicy(policy.name, { metadata: vap.metadata, spec: vap.spec }, childOpts);
      new ValidatingAdmissionPolicyBinding(
        policy.name,
        { metadata: binding.metadata, spec: binding.spec },
        { ...childOpts, dependsOn: [created, params] },
      );
    }
    this.registerOutputs({});
  }
}
