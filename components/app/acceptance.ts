/**
 * The app's acceptance AnalysisTemplate: one Argo Rollouts Job metric per check (the built-in smoke
 * check, each configured test), aimed at one Service of the new release (the blue/green preview, the
 * canary). Argo runs the Job once per analysis and counts the measurement Failed when the Job fails
 * (argoproj/argo-rollouts v1.9.0 metricproviders/job/job.go, JobFailed; docs/analysis/job.md); with
 * the default failureLimit of 0 that fails the analysis, the rollout aborts, and the release check
 * fails `pulumi up`.
 *
 * The Job runs in the app's namespace (the AnalysisRun's, Argo's default), so the namespace's
 * allow-same-namespace NetworkPolicy admits it to the web pods. It is hardened like every workload,
 * and bounded: no retries of the pod (backoffLimit 0), a deadline, and cleanup after an hour.
 */
import { HARDENED_CONTAINER } from "./pod-template";
import type * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import type { AcceptanceConfig, HealthcheckConfig } from "../../config/types";
import { smokePlan, smokeScript, smokeSeconds } from "./smoke-check";

/** Time for the Job's pod to be scheduled, pull its image and start; part of its deadline. */
const JOB_STARTUP_SECONDS = 60;
/** Margin for the controller to record the Job's end (it watches Jobs, analysis/controller.go v1.9.0). */
const ARGO_MARGIN_SECONDS = 10;
/** A fixed non-root user: test images' own users are unknown, and curl needs none. */
const ACCEPTANCE_USER = 65532;

interface Check {
  metric: string;
  image: string;
  command: string[];
  deadlineSeconds: number;
}

/** `smokeImage` is the reference the platform resolved (components/platform/check-images.ts). */
function checks(acceptance: AcceptanceConfig, smokeImage: string, healthcheck?: HealthcheckConfig): Check[] {
  const list: Check[] = [];
  if (acceptance.smoke.enabled) {
    const plan = smokePlan(acceptance.smoke, healthcheck);
    list.push({
      metric: "smoke",
      image: smokeImage,
      command: ["sh", "-c", smokeScript(plan)],
      deadlineSeconds: smokeSeconds(plan) + JOB_STARTUP_SECONDS,
    });
  }
  for (const [name, test] of Object.entries(acceptance.tests)) {
    list.push({
      metric: `test-${name}`,
      image: test.image,
      command: test.command,
      deadlineSeconds: test.timeoutSeconds + JOB_STARTUP_SECONDS,
    });
  }
  return list;
}

/**
 * Upper bound of one acceptance run: Argo starts every metric of a run at once, so the slowest Job
 * decides, plus a margin for Argo to record it.
 */
export function acceptanceSeconds(acceptance: AcceptanceConfig): number {
  // The smoke check's path count does not depend on the healthcheck (one default path either way).
  // Nor does the image: only the deadlines are read.
  const deadlines = checks(acceptance, "").map((c) => c.deadlineSeconds);
  return deadlines.length === 0 ? 0 : Math.max(...deadlines) + ARGO_MARGIN_SECONDS;
}

function jobMetric(check: Check, targetUrl: string, labels: Record<string, string>) {
  const podLabels = { ...labels, "app.kubernetes.io/component": "acceptance" };
  return {
    name: check.metric,
    provider: {
      job: {
        metadata: { labels: podLabels },
        spec: {
          backoffLimit: 0,
          activeDeadlineSeconds: check.deadlineSeconds,
          ttlSecondsAfterFinished: 3600,
          template: {
            metadata: { labels: podLabels },
            spec: {
              restartPolicy: "Never",
              automountServiceAccountToken: false,
              enableServiceLinks: false,
              securityContext: {
                runAsNonRoot: true,
                runAsUser: ACCEPTANCE_USER,
                runAsGroup: ACCEPTANCE_USER,
                seccompProfile: { type: "RuntimeDefault" },
              },
              containers: [
                {
                  name: check.metric,
                  image: check.image,
                  command: check.command,
                  env: [{ name: "SLIPWAY_TARGET_URL", value: targetUrl }],
                  resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
                  terminationMessagePolicy: "FallbackToLogsOnError",
                  securityContext: HARDENED_CONTAINER,
                  volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
                },
              ],
              volumes: [{ name: "tmp", emptyDir: { sizeLimit: "64Mi" } }],
            },
          },
        },
      },
    },
  };
}

export interface AcceptanceTemplateArgs {
  name: string;
  namespace: pulumi.Input<string>;
  /** Plain namespace name, for the Service's in-cluster address. */
  namespaceName: string;
  labels: Record<string, string>;
  /** The Service under test and its port. */
  service: string;
  port: number;
  acceptance: AcceptanceConfig;
  healthcheck?: HealthcheckConfig;
  /** The smoke check's image reference (the platform's, by digest where it resolved). */
  smokeImage: string;
}

export function createAcceptanceTemplate(
  args: AcceptanceTemplateArgs,
  opts: pulumi.CustomResourceOptions,
): CustomResource {
  const url = `http://${args.service}.${args.namespaceName}.svc.cluster.local:${args.port}`;
  return new CustomResource(
    args.name,
    {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "AnalysisTemplate",
      metadata: { name: args.name, namespace: args.namespace, labels: args.labels },
      spec: {
        metrics: checks(args.acceptance, args.smokeImage, args.healthcheck).map((c) => jobMetric(c, url, args.labels)),
      },
    },
    opts,
  );
}
