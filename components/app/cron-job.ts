/**
 * A scheduled process type: a CronJob whose Jobs run the app's hardened pod template (the same one
 * every Deployment and Rollout uses), pointed at the release's ConfigMap and Secret, so a config-only
 * release changes the jobTemplate and the next run uses the new release. Nothing serves it: no
 * Service, route, autoscaler or disruption budget.
 */
import type * as pulumi from "@pulumi/pulumi";
import { CronJob } from "@pulumi/kubernetes/batch/v1";
import type { ScheduleConfig } from "../../config/schedule";
import { podTemplate, REVISION_LABEL } from "./pod-template";
import { workloadName, type WorkloadArgs } from "./workload";

export function createCronJob(
  args: WorkloadArgs,
  schedule: ScheduleConfig,
  opts: pulumi.CustomResourceOptions,
): CronJob {
  const name = workloadName(args.app, args.process);
  const template = podTemplate(args, REVISION_LABEL.job);
  return new CronJob(
    name,
    {
      metadata: { name, namespace: args.namespace, labels: args.labels },
      spec: {
        schedule: schedule.cron,
        timeZone: schedule.timeZone,
        concurrencyPolicy: schedule.concurrencyPolicy,
        successfulJobsHistoryLimit: schedule.successfulJobsHistoryLimit,
        failedJobsHistoryLimit: schedule.failedJobsHistoryLimit,
        startingDeadlineSeconds: schedule.startingDeadlineSeconds,
        jobTemplate: {
          metadata: { labels: args.labels },
          spec: {
            backoffLimit: schedule.backoffLimit,
            activeDeadlineSeconds: schedule.activeDeadlineSeconds,
            // A Job's pods may not restart in place (Always is refused); retries are new pods.
            template: { ...template, spec: { ...template.spec, restartPolicy: "Never" } },
          },
        },
      },
    },
    opts,
  );
}
