/**
 * The Kubernetes calls `npm run run` makes, behind one narrow interface so the run is tested with a
 * fake (the real one is kube-api.ts, over the same connection as `npm run release`).
 */
import type { OneOffJob, PodTemplate } from "./job";

export interface JobsApi {
  /** The pod template of the process's workload (a Deployment, Rollout or CronJob `<app>-<process>`). */
  podTemplate(namespace: string, workload: string): Promise<PodTemplate>;
  createJob(namespace: string, job: OneOffJob): Promise<void>;
  /** The Job's pod, once its container has started or finished (it may have failed to start). */
  startedPod(namespace: string, job: string): Promise<string>;
  /** Follows the container's log until it exits, handing each chunk on as it comes. */
  followLog(namespace: string, pod: string, container: string, write: (chunk: string) => void): Promise<void>;
  /** The container's exit code, once it has terminated. */
  exitCode(namespace: string, pod: string, container: string): Promise<number>;
}
