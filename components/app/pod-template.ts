/**
 * The pod template every process of an app runs with: hardened security context, probes from the
 * healthcheck config, graceful shutdown, spread across zones and nodes, env from the release objects.
 * Kept separate from the workload kind so Deployments and Argo Rollouts share it.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { HealthcheckConfig, ProcessSettings } from "../../config/types";
import type { ReleaseObjects } from "./release-objects";

export interface PodTemplateArgs {
  process: string;
  settings: ProcessSettings;
  image: pulumi.Input<string>;
  port: number;
  serviceAccountName: string;
  automountToken: boolean;
  runAsUser: number;
  shutdown: { preStopSeconds: number; gracePeriodSeconds: number };
  labels: Record<string, string>;
  selector: Record<string, string>;
  /** The release's ConfigMap and Secret, which the containers take their environment from. */
  releaseObjects: Pick<ReleaseObjects, "configMapName" | "configChecksum" | "secretName">;
}

/** Every container Slipway runs for an app (its processes, checks and tests): no root, no escalation. */
export const HARDENED_CONTAINER = {
  allowPrivilegeEscalation: false,
  privileged: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ["ALL"] },
};

/** The label each controller stamps on a revision's pods (for a Job, each run's): spreading is computed per revision. */
export const REVISION_LABEL = {
  deployment: "pod-template-hash",
  rollout: "rollouts-pod-template-hash",
  job: "batch.kubernetes.io/controller-uid", // kubernetes/kubernetes staging/src/k8s.io/api/batch/v1/types.go ControllerUidLabel (since v1.27)
} as const;

function probeAction(check: HealthcheckConfig) {
  if (check.type === "http") return { httpGet: { path: check.path, port: "http" } };
  if (check.type === "exec") return { exec: { command: check.command } };
  return { tcpSocket: { port: "http" } };
}

/** Readiness gates traffic, liveness restarts a hung process, startup holds liveness off while booting. */
function probes(check: HealthcheckConfig, serves: boolean) {
  const action = probeAction(check);
  const timing = { timeoutSeconds: check.timeoutSeconds, periodSeconds: check.periodSeconds };
  const startupPeriod = 5;
  return {
    readinessProbe: {
      ...action,
      ...timing,
      initialDelaySeconds: check.initialDelaySeconds,
      failureThreshold: check.failureThreshold,
      periodSeconds: serves ? 5 : check.periodSeconds,
    },
    livenessProbe: { ...action, ...timing, failureThreshold: check.failureThreshold },
    startupProbe: {
      ...action,
      timeoutSeconds: check.timeoutSeconds,
      periodSeconds: startupPeriod,
      failureThreshold: Math.max(1, Math.ceil(check.startupSeconds / startupPeriod)),
    },
  };
}

function spread(selector: Record<string, string>, revisionLabel: string) {
  const base = {
    maxSkew: 1,
    whenUnsatisfiable: "ScheduleAnyway",
    labelSelector: { matchLabels: selector },
    matchLabelKeys: [revisionLabel],
  };
  return [
    { ...base, topologyKey: "topology.kubernetes.io/zone" },
    { ...base, topologyKey: "kubernetes.io/hostname" },
  ];
}

export function podTemplate(args: PodTemplateArgs, revisionLabel: string) {
  const { settings } = args;
  const { configMapName, configChecksum, secretName } = args.releaseObjects;
  const envFrom: object[] = [{ configMapRef: { name: configMapName } }];
  if (secretName) envFrom.push({ secretRef: { name: secretName } });
  const annotations: Record<string, pulumi.Input<string>> = { "slipway.dev/config-checksum": configChecksum };
  if (secretName)
    annotations["slipway.dev/secret-checksum"] = secretName.apply((name) => name.slice(name.lastIndexOf("-") + 1));

  const container = {
    name: args.process,
    image: args.image,
    command: settings.command,
    args: settings.args,
    ports: settings.serves ? [{ name: "http", containerPort: args.port, protocol: "TCP" }] : undefined,
    envFrom,
    resources: {
      requests: { cpu: settings.resources.cpu, memory: settings.resources.memory },
      limits: { cpu: settings.resources.cpuLimit, memory: settings.resources.memoryLimit },
    },
    ...(settings.healthcheck ? probes(settings.healthcheck, settings.serves) : {}),
    // Keeps the pod in the endpoints long enough for the router to stop sending it requests.
    lifecycle:
      args.shutdown.preStopSeconds > 0 ? { preStop: { sleep: { seconds: args.shutdown.preStopSeconds } } } : undefined,
    securityContext: HARDENED_CONTAINER,
    volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
  };

  return {
    metadata: { labels: args.labels, annotations },
    spec: {
      serviceAccountName: args.serviceAccountName,
      automountServiceAccountToken: args.automountToken,
      enableServiceLinks: false,
      terminationGracePeriodSeconds: args.shutdown.preStopSeconds + args.shutdown.gracePeriodSeconds,
      securityContext: {
        runAsNonRoot: true,
        runAsUser: args.runAsUser,
        runAsGroup: args.runAsUser,
        fsGroup: args.runAsUser,
        seccompProfile: { type: "RuntimeDefault" },
      },
      topologySpreadConstraints: spread(args.selector, revisionLabel),
      containers: [container],
      volumes: [{ name: "tmp", emptyDir: { sizeLimit: "256Mi" } }],
    },
  };
}
