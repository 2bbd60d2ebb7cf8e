/**
 * The release check: a Job, named after the Rollout revision it checks, that runs the Argo Rollouts
 * CLI's `status` watch against the app's Rollout. `pulumi up` awaits the Job like any Job, so:
 *  - it only starts once the new Rollout spec is applied, and the CLI only reports Healthy once the
 *    controller has observed that spec (it compares status.observedGeneration with the generation):
 *    no stale verdict from the previous release;
 *  - a Degraded Rollout (failed analysis, aborted, stuck past its deadline) makes the CLI exit
 *    non-zero at once, the Job fails, and Pulumi fails the update immediately, showing the CLI's
 *    message (the termination message falls back to its log);
 *  - a release that neither succeeds nor fails (an inconclusive analysis, a manual gate nobody
 *    promotes) fails when the budget runs out.
 * `replaceUnready` makes the next `pulumi up` re-run a failed check instead of re-reading it, so a
 * release repaired by hand (`kubectl argo rollouts retry`) turns green again.
 */
import { HARDENED_CONTAINER } from "./pod-template";
import * as pulumi from "@pulumi/pulumi";
import { Job } from "@pulumi/kubernetes/batch/v1";
import { ServiceAccount } from "@pulumi/kubernetes/core/v1";
import { Role, RoleBinding } from "@pulumi/kubernetes/rbac/v1";
import { ROLLOUTS_CHART } from "../platform/services/rollouts";
import { DEADLINE_MARGIN_SECONDS, timeouts } from "./workload";
import { after } from "./options";

/**
 * The Argo Rollouts CLI image, on the controller's version: the chart's appVersion, which the
 * controller runs because Slipway does not override its image. Published per release tag by
 * argoproj/argo-rollouts' release workflow (.github/workflows/release.yaml at v1.9.0). Pods run it by
 * the digest the platform looks the tag up to (components/platform/check-images.ts).
 */
export const ROLLOUTS_CLI_IMAGE = `quay.io/argoproj/kubectl-argo-rollouts:${ROLLOUTS_CHART.appVersion}`;
/** Time for the check's pod to be scheduled, pull its image and start. */
const CHECK_STARTUP_SECONDS = 60;
/** The image's own non-root user. */
const CLI_USER = 999;
/** The check's pods' `app.kubernetes.io/component`: the NetworkPolicy that lets them reach the API server selects it. */
export const ROLLOUT_CHECK_COMPONENT = "rollout-check";

export interface RolloutCheckArgs {
  app: string;
  namespace: pulumi.Input<string>;
  /** Plain namespace name, for the CLI's flags. */
  namespaceName: string;
  labels: Record<string, string>;
  rolloutName: string;
  revision: pulumi.Output<string>;
  budgetSeconds: number;
  image: string;
  /** What must exist before the check's pod starts: the NetworkPolicy that lets it reach the API server. */
  after: pulumi.Resource[];
}

/** Read-only access to what the CLI watches, in the app's namespace only. */
function access(args: RolloutCheckArgs, opts: pulumi.CustomResourceOptions): pulumi.Resource[] {
  const metadata = { name: `${args.app}-rollout-check`, namespace: args.namespace, labels: args.labels };
  const account = new ServiceAccount(metadata.name, { metadata, automountServiceAccountToken: false }, opts);
  const read = ["get", "list", "watch"];
  const role = new Role(
    metadata.name,
    {
      metadata,
      rules: [
        { apiGroups: ["argoproj.io"], resources: ["rollouts", "analysisruns", "experiments"], verbs: read },
        { apiGroups: ["apps"], resources: ["replicasets", "deployments"], verbs: read },
        { apiGroups: [""], resources: ["pods"], verbs: read },
      ],
    },
    opts,
  );
  const binding = new RoleBinding(
    metadata.name,
    {
      metadata,
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: metadata.name },
      subjects: [{ kind: "ServiceAccount", name: metadata.name, namespace: args.namespaceName }],
    },
    after(opts, role),
  );
  return [account, binding];
}

export function createRolloutCheck(
  args: RolloutCheckArgs,
  rollout: pulumi.Resource,
  opts: pulumi.CustomResourceOptions,
): Job {
  const permissions = access(args, opts);
  const labels = { ...args.labels, "app.kubernetes.io/component": ROLLOUT_CHECK_COMPONENT };
  const deadline = args.budgetSeconds + CHECK_STARTUP_SECONDS;
  return new Job(
    `${args.app}-rollout-check`,
    {
      metadata: {
        name: pulumi.interpolate`${args.app}-rollout-check-${args.revision}`,
        namespace: args.namespace,
        labels,
        annotations: { "pulumi.com/replaceUnready": "true" },
      },
      spec: {
        backoffLimit: 0,
        activeDeadlineSeconds: deadline,
        template: {
          metadata: { labels },
          spec: {
            restartPolicy: "Never",
            serviceAccountName: `${args.app}-rollout-check`,
            automountServiceAccountToken: true,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: CLI_USER,
              runAsGroup: CLI_USER,
              seccompProfile: { type: "RuntimeDefault" },
            },
            containers: [
              {
                name: "rollout-status",
                image: args.image,
                args: [
                  "status",
                  args.rolloutName,
                  "--namespace",
                  args.namespaceName,
                  "--timeout",
                  `${args.budgetSeconds}s`,
                ],
                env: [{ name: "HOME", value: "/tmp" }],
                resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { cpu: "200m", memory: "128Mi" } },
                terminationMessagePolicy: "FallbackToLogsOnError",
                securityContext: HARDENED_CONTAINER,
                volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
              },
            ],
            volumes: [{ name: "tmp", emptyDir: { sizeLimit: "16Mi" } }],
          },
        },
      },
    },
    {
      ...after(opts, rollout, ...permissions, ...args.after),
      // Kubernetes fails the Job (activeDeadlineSeconds) a minute before Pulumi stops waiting.
      customTimeouts: timeouts(deadline + DEADLINE_MARGIN_SECONDS),
    },
  );
}
