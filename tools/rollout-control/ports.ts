/**
 * The narrow interfaces `npm run release` depends on. The real implementations are thin
 * (../release-history/automation.ts for stack outputs, kube-api.ts for the Kubernetes API); tests
 * inject fakes.
 */
import type { OutputMap } from "@pulumi/pulumi/automation";
import type { Rollout } from "./actions";

/** The part of the Automation API's `Stack` the tool reads: a real `Stack` satisfies it as is. */
export interface StackOutputsPort {
  outputs(): Promise<OutputMap>;
}

/** How to reach the stack's cluster: its own kubeconfig (EKS), or a context of the local kubeconfig. */
export type ClusterAccess = { kubeconfig: string } | { localContext: string };

/** Rollouts of one cluster. `patch` sends a JSON merge patch to the resource or its status subresource. */
export interface RolloutsApi {
  get(namespace: string, name: string): Promise<Rollout>;
  patch(namespace: string, name: string, patch: Record<string, unknown>, subresource?: "status"): Promise<Rollout>;
}

export type ConnectCluster = (access: ClusterAccess) => RolloutsApi;

/** The API server answered 404: no such Rollout (or no Rollout CRD) there. */
export class ApiNotFound extends Error {
  override name = "ApiNotFound";
}
