/**
 * The Kubernetes calls of the review tool's acceptance Jobs, over the requests `npm run release` and
 * `npm run run` use (rollout-control/kube-api.ts): list the namespace's AnalysisTemplates, create a
 * Job, poll it until a `Complete` or `Failed` condition is True (as Argo's Job provider reads it,
 * argoproj/argo-rollouts v1.9.0 metricproviders/job/job.go) or its pod is stuck (the waiting reasons
 * `npm run run` gives up on), read its pod's last log lines, and delete it (its pod with it).
 */
import type { KubeRequests } from "../rollout-control/kube-api";
import { STUCK } from "../one-off-run/kube-api";
import type { AcceptanceJobsApi, AnalysisTemplate, JobOutcome } from "./ports";

type Job = { status?: { conditions?: Array<{ type: string; status: string; reason?: string }> } };
type Pod = {
  metadata: { name: string };
  status?: { containerStatuses?: Array<{ state?: { waiting?: { reason?: string } } }> };
};

const POLL_MS = 5000;
const ns = (namespace: string) => `/namespaces/${encodeURIComponent(namespace)}`;
const jobPath = (namespace: string, job: string) => `/apis/batch/v1${ns(namespace)}/jobs/${encodeURIComponent(job)}`;

export function acceptanceJobsApi(
  requests: KubeRequests,
  sleep: (ms: number) => Promise<void>,
  pollMs = POLL_MS,
): AcceptanceJobsApi {
  const pods = async (namespace: string, job: string) => {
    const selector = encodeURIComponent(`batch.kubernetes.io/job-name=${job}`);
    return ((await requests.json("GET", `/api/v1${ns(namespace)}/pods?labelSelector=${selector}`)) as { items: Pod[] })
      .items;
  };
  return {
    async analysisTemplates(namespace) {
      const path = `/apis/argoproj.io/v1alpha1${ns(namespace)}/analysistemplates`;
      return ((await requests.json("GET", path)) as { items: AnalysisTemplate[] }).items;
    },
    async createJob(job) {
      const body = { text: JSON.stringify(job), contentType: "application/json" };
      await requests.json("POST", `/apis/batch/v1${ns(job.metadata.namespace)}/jobs`, body);
    },
    async outcome(namespace, job, timeoutSeconds): Promise<JobOutcome> {
      for (let waited = 0; waited <= timeoutSeconds * 1000; waited += pollMs) {
        if (waited > 0) await sleep(pollMs);
        const conditions = ((await requests.json("GET", jobPath(namespace, job))) as Job).status?.conditions ?? [];
        const ended = (type: string) => conditions.find((c) => c.type === type && c.status === "True");
        if (ended("Complete")) return { status: "complete" };
        const failed = ended("Failed");
        if (failed) return { status: "failed", reason: failed.reason ?? "Failed" };
        for (const pod of await pods(namespace, job))
          for (const status of pod.status?.containerStatuses ?? []) {
            const reason = status.state?.waiting?.reason;
            if (reason && STUCK.includes(reason)) return { status: "stuck", reason };
          }
      }
      return { status: "stuck", reason: `no end within ${timeoutSeconds}s` };
    },
    async logTail(namespace, job, container, lines) {
      const [pod] = await pods(namespace, job);
      if (pod === undefined) return [];
      let text = "";
      const query = `container=${encodeURIComponent(container)}&tailLines=${lines}`;
      try {
        await requests.stream(
          `/api/v1${ns(namespace)}/pods/${encodeURIComponent(pod.metadata.name)}/log?${query}`,
          (c) => {
            text += c;
          },
        );
      } catch {
        // A container that never started has no log.
        return [];
      }
      return text.split("\n").filter((line) => line !== "");
    },
    async deleteJob(namespace, job) {
      await requests.json("DELETE", `${jobPath(namespace, job)}?propagationPolicy=Background`);
    },
  };
}
