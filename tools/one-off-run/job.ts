/**
 * The Job a one-off run starts: the process's own pod template (service account, security
 * contexts, resources, volumes: what its workload runs now), with the container pointed at the
 * app's current release (its image digest, ConfigMap and Secret, from the stack's release history)
 * and the operator's command. Nothing serves it, so ports, probes and the preStop pause go; it runs
 * once (no retries) and Kubernetes deletes it `ttlSeconds` after it finishes.
 */
import type { ReleaseRecord } from "../../components/app/release-history";

type Container = Record<string, unknown> & { name: string };
export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: Record<string, unknown> & { containers: Container[] };
}

export interface OneOffJob {
  apiVersion: "batch/v1";
  kind: "Job";
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  spec: { backoffLimit: 0; ttlSecondsAfterFinished: number; template: PodTemplate };
}

export interface JobRequest {
  app: string;
  process: string;
  namespace: string;
  /** Unique per run: the Job's name ends with it. */
  runId: string;
  command: string[];
  ttlSeconds: number;
}

/**
 * Labels that would make the run's pod one of the process's own are dropped: with `component` a run
 * of `web` would join the app's Service endpoints (it has no readiness probe) and take traffic.
 */
const SELECTOR_LABELS = ["app.kubernetes.io/component", "pod-template-hash", "rollouts-pod-template-hash"];
/** What only a serving, long-running container needs. */
const SERVING_FIELDS = ["ports", "readinessProbe", "livenessProbe", "startupProbe", "lifecycle", "args"];

const without = <T extends object>(object: T, keys: string[]) =>
  Object.fromEntries(Object.entries(object).filter(([key]) => !keys.includes(key)));

/** A release a run can start from: one that ran by digest. */
export type RunnableRelease = ReleaseRecord & { image: string };

export function oneOffJob(template: PodTemplate, release: RunnableRelease, request: JobRequest): OneOffJob {
  const container = template.spec.containers.find((c) => c.name === request.process);
  if (!container) throw new Error(`the ${request.process} workload has no container named ${request.process}`);
  const envFrom: object[] = [{ configMapRef: { name: release.config.name } }];
  if (release.secret) envFrom.push({ secretRef: { name: release.secret.name } });
  const runLabels = {
    ...without(template.metadata?.labels ?? {}, SELECTOR_LABELS),
    "slipway.dev/one-off": request.runId,
  };
  // Spreading a workload's revisions means nothing for one pod.
  const spec = without(template.spec, ["topologySpreadConstraints"]);
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: `${request.app}-run-${request.runId}`, namespace: request.namespace, labels: runLabels },
    spec: {
      backoffLimit: 0,
      ttlSecondsAfterFinished: request.ttlSeconds,
      template: {
        metadata: { labels: runLabels },
        spec: {
          ...spec,
          restartPolicy: "Never",
          containers: [
            {
              ...without(container, SERVING_FIELDS),
              name: container.name,
              image: release.image,
              command: request.command,
              envFrom,
            },
          ],
        },
      },
    },
  };
}
