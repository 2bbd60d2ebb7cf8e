/**
 * Which Rollout an app's release is, and how to reach its cluster, from the stack's outputs (what
 * the last `pulumi up` deployed), never from the stack file, which may already hold the next release.
 */
import type { OutputMap } from "@pulumi/pulumi/automation";
import { ReleaseRefusal } from "./actions";
import type { ClusterAccess } from "./ports";

export interface ReleaseTarget {
  namespace: string;
  /** The web process's Rollout: workloadName(app, "web") in components/app/workload.ts. */
  rollout: string;
  access: ClusterAccess;
}

/** An app as the stack's `apps` output lists it; `refuse` builds the tool's own refusal when it is not deployed. */
export function deployedApp(
  outputs: OutputMap,
  stack: string,
  app: string,
  refuse: (message: string) => Error,
): { namespace: string; workloads?: string[] } {
  const apps = (outputs.apps?.value ?? {}) as Record<string, { namespace?: string; workloads?: string[] }>;
  const deployed = apps[app];
  if (!deployed?.namespace) {
    const names = Object.keys(apps).sort();
    throw refuse(
      `stack ${stack} has no app ${app} deployed (its outputs list ${names.length > 0 ? names.join(", ") : "no apps"})`,
    );
  }
  return { namespace: deployed.namespace, workloads: deployed.workloads };
}

export function releaseTarget(outputs: OutputMap, stack: string, app: string): ReleaseTarget {
  const deployed = deployedApp(outputs, stack, app, (message) => new ReleaseRefusal(message));
  const rollout = `${app}-web`;
  if (!(deployed.workloads ?? []).includes(rollout))
    throw new ReleaseRefusal(`app ${app} on stack ${stack} has no web process, so no Rollout to act on`);
  return { namespace: deployed.namespace, rollout, access: clusterAccess(outputs) };
}

/**
 * An EKS stack exports a kubeconfig (credentials come from `aws eks get-token`); a stack on an
 * existing cluster names the local kubeconfig's context in clusterName ("" for the current one).
 */
export function clusterAccess(outputs: OutputMap): ClusterAccess {
  const kubeconfig = outputs.kubeconfig?.value;
  return typeof kubeconfig === "string" && kubeconfig !== ""
    ? { kubeconfig }
    : { localContext: typeof outputs.clusterName?.value === "string" ? outputs.clusterName.value : "" };
}
