/**
 * The Kubernetes calls of `npm run run`, over the requests `npm run release` uses: read the
 * process's pod template (Deployment, else Rollout, else CronJob), create the Job, wait for its pod,
 * follow its container's log (`follow=true` ends when the container exits) and read the exit code.
 */
import type { KubeRequests } from "../rollout-control/kube-api";
import { ApiNotFound } from "../rollout-control/ports";
import type { PodTemplate } from "./job";
import type { JobsApi } from "./ports";

type Pod = {
  metadata: { name: string };
  status?: {
    containerStatuses?: Array<{ name: string; state?: Record<string, { reason?: string; exitCode?: number }> }>;
  };
};

/** Where each kind keeps its pod template. */
const WORKLOADS = [
  { path: "/apis/apps/v1", plural: "deployments", template: (o: any) => o.spec?.template },
  { path: "/apis/argoproj.io/v1alpha1", plural: "rollouts", template: (o: any) => o.spec?.template },
  { path: "/apis/batch/v1", plural: "cronjobs", template: (o: any) => o.spec?.jobTemplate?.spec?.template },
];
/** A container that cannot start says so in its waiting reason; waiting longer would not help. */
export const STUCK = ["ErrImagePull", "ImagePullBackOff", "CreateContainerConfigError", "InvalidImageName"];
const POLL_MS = 2000;
const START_TIMEOUT_MS = 10 * 60 * 1000;

const ns = (namespace: string) => `/namespaces/${encodeURIComponent(namespace)}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function jobsApi(requests: KubeRequests): JobsApi {
  const state = (pod: Pod, container: string) =>
    pod.status?.containerStatuses?.find((c) => c.name === container)?.state ?? {};
  const pod = async (namespace: string, name: string) =>
    (await requests.json("GET", `/api/v1${ns(namespace)}/pods/${encodeURIComponent(name)}`)) as Pod;
  return {
    async podTemplate(namespace, workload) {
      for (const kind of WORKLOADS) {
        try {
          const object = await requests.json("GET", `${kind.path}${ns(namespace)}/${kind.plural}/${workload}`);
          const template = kind.template(object) as PodTemplate | undefined;
          if (template) return template;
        } catch (error) {
          if (!(error instanceof ApiNotFound)) throw error;
        }
      }
      throw new Error(`no Deployment, Rollout or CronJob ${namespace}/${workload} with a pod template`);
    },
    async createJob(namespace, job) {
      const body = { text: JSON.stringify(job), contentType: "application/json" };
      await requests.json("POST", `/apis/batch/v1${ns(namespace)}/jobs`, body);
    },
    async startedPod(namespace, job) {
      const selector = encodeURIComponent(`batch.kubernetes.io/job-name=${job}`);
      for (const deadline = Date.now() + START_TIMEOUT_MS; Date.now() < deadline; await sleep(POLL_MS)) {
        const list = (await requests.json("GET", `/api/v1${ns(namespace)}/pods?labelSelector=${selector}`)) as {
          items: Pod[];
        };
        for (const candidate of list.items) {
          for (const status of candidate.status?.containerStatuses ?? []) {
            if (status.state?.running || status.state?.terminated) return candidate.metadata.name;
            const reason = status.state?.waiting?.reason;
            if (reason && STUCK.includes(reason)) throw new Error(`the Job's pod cannot start: ${reason}`);
          }
        }
      }
      throw new Error(`the Job ${namespace}/${job} started no pod in ${START_TIMEOUT_MS / 60000} minutes`);
    },
    async followLog(namespace, name, container, write) {
      const query = `container=${encodeURIComponent(container)}&follow=true`;
      await requests.stream(`/api/v1${ns(namespace)}/pods/${encodeURIComponent(name)}/log?${query}`, write);
    },
    async exitCode(namespace, name, container) {
      for (;;) {
        const terminated = state(await pod(namespace, name), container).terminated;
        if (terminated) return terminated.exitCode ?? 1;
        await sleep(POLL_MS);
      }
    },
  };
}
