/**
 * What a one-off run starts from, read from the stack's outputs (what the last `pulumi up`
 * deployed, never the stack file, which may already hold the next release): the app's namespace,
 * the process's workload, the current release (newest in the release history) and the cluster.
 */
import type { OutputMap } from "@pulumi/pulumi/automation";
import type { ReleaseRecord } from "../../components/app/release-history";
import { workloadName } from "../../components/app/workload";
import { RELEASE_HISTORY_OUTPUT } from "../../stacks/previous-releases";
import type { ClusterAccess } from "../rollout-control/ports";
import { clusterAccess, deployedApp } from "../rollout-control/target";
import type { RunnableRelease } from "./job";

export class OneOffRefusal extends Error {
  override name = "OneOffRefusal";
}

export interface OneOffTarget {
  namespace: string;
  workload: string;
  release: RunnableRelease;
  access: ClusterAccess;
}

export function oneOffTarget(outputs: OutputMap, stack: string, app: string, process: string): OneOffTarget {
  const deployed = deployedApp(outputs, stack, app, (message) => new OneOffRefusal(message));
  const workload = workloadName(app, process);
  if (!(deployed.workloads ?? []).includes(workload)) {
    const processes = (deployed.workloads ?? []).map((w) => w.slice(app.length + 1));
    throw new OneOffRefusal(`app ${app} has no process ${process} (it has ${processes.join(", ") || "none"})`);
  }
  const histories = (outputs[RELEASE_HISTORY_OUTPUT]?.value ?? {}) as Record<string, ReleaseRecord[] | undefined>;
  const current = histories[app]?.[0];
  if (!current?.image)
    throw new OneOffRefusal(
      `the current release of ${app} on stack ${stack} records no image digest, so there is no exact image to run`,
    );
  return {
    namespace: deployed.namespace,
    workload,
    release: { ...current, image: current.image },
    access: clusterAccess(outputs),
  };
}
