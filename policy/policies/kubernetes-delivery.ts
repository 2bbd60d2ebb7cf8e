/**
 * What makes a release safe to ship and to roll: pinned images, bounded resources, health probes,
 * rollouts that never drop capacity, and no credentials in plain config.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { Deployment } from "@pulumi/kubernetes/apps/v1";
import { ConfigMap } from "@pulumi/kubernetes/core/v1";
import { exemptionFor } from "./lib/exemptions";
import { unpinnedReason } from "./lib/images";
import { podPolicy } from "./lib/pod-policy";
import {
  allContainers,
  describeObject,
  isServing,
  podSpecOf,
  podSpecsOf,
  ROLLOUT_TYPE,
  type PodSpec,
  type Props,
} from "./lib/workloads";

const imagePinned = podPolicy(
  {
    name: "k8s-image-pinned",
    description: "Every container image is pinned to a version tag other than latest, or to a digest.",
    remediationSteps: "Reference images as repository:1.4.2 or repository@sha256:<digest>.",
  },
  (spec, report) => {
    for (const { container, label } of allContainers(spec)) {
      if (typeof container.image !== "string") {
        report(`${label}: has no image`);
        continue;
      }
      const reason = unpinnedReason(container.image);
      if (reason) report(`${label}: image ${container.image} ${reason}`);
    }
  },
);

const RESOURCE_KEYS = [
  ["requests", "cpu"],
  ["requests", "memory"],
  ["limits", "cpu"],
  ["limits", "memory"],
] as const;

const resourcesSet = podPolicy(
  {
    name: "k8s-resources-set",
    description: "Every container sets CPU and memory requests and limits.",
    remediationSteps: "Set resources.requests.{cpu,memory} and resources.limits.{cpu,memory} on every container.",
  },
  (spec, report) => {
    for (const { container, label } of allContainers(spec)) {
      const missing = RESOURCE_KEYS.filter(([kind, resource]) => container.resources?.[kind]?.[resource] === undefined);
      if (missing.length > 0)
        report(`${label}: missing ${missing.map(([kind, resource]) => `${kind}.${resource}`).join(", ")}`);
    }
  },
);

const probesOnServing = podPolicy(
  {
    name: "k8s-probes-on-serving-containers",
    description: "Containers that serve traffic (declare ports) have readiness and liveness probes.",
    remediationSteps:
      "Give the app a healthcheck (http path, tcp or exec) so its serving container gets readiness and liveness probes.",
  },
  (spec, report) => {
    for (const container of spec.containers ?? []) {
      if (!isServing(container)) continue;
      if (!container.readinessProbe) report(`container "${container.name}": serves traffic without a readinessProbe`);
      if (!container.livenessProbe) report(`container "${container.name}": serves traffic without a livenessProbe`);
    }
  },
);

function isZero(value: unknown): boolean {
  return value === 0 || value === "0" || value === "0%";
}

/** Why this rollout strategy can drop capacity, or undefined when it cannot. */
function strategyProblem(isRollout: boolean, spec: Props): string | undefined {
  if (isRollout) {
    const { canary, blueGreen } = spec.strategy ?? {};
    if (blueGreen) return undefined; // the new ReplicaSet is fully up before traffic switches
    if (!canary) return "has neither a canary nor a blueGreen strategy";
    return isZero(canary.maxUnavailable) ? undefined : "canary maxUnavailable is not 0 (Argo Rollouts defaults to 25%)";
  }
  if (spec.strategy?.type === "Recreate")
    return "uses the Recreate strategy, which stops every pod before starting new ones";
  return isZero(spec.strategy?.rollingUpdate?.maxUnavailable)
    ? undefined
    : "rollingUpdate.maxUnavailable is not 0 (Kubernetes defaults to 25%)";
}

const ZERO_DOWNTIME = "k8s-zero-downtime-rollout";

const zeroDowntime: ResourceValidationPolicy = {
  name: ZERO_DOWNTIME,
  description:
    "Deployments and Rollouts never remove a pod before its replacement is ready: maxUnavailable 0 and readiness probes.",
  remediationSteps:
    "Use a RollingUpdate (or canary) with maxUnavailable: 0, or blueGreen; give serving containers a readinessProbe.",
  validateResource: (args, reportViolation) => {
    const isRollout = args.type === ROLLOUT_TYPE;
    if ((!isRollout && !args.isType(Deployment)) || exemptionFor(ZERO_DOWNTIME, args.props)) return;
    const where = describeObject(args);
    const problem = strategyProblem(isRollout, args.props.spec ?? {});
    if (problem) reportViolation(`${where}: ${problem}`);
    const pod: PodSpec | undefined = podSpecOf(args);
    for (const container of pod?.containers ?? []) {
      if (isServing(container) && !container.readinessProbe) {
        reportViolation(`${where}: container "${container.name}" gets traffic before it is ready (no readinessProbe)`);
      }
    }
  },
};

/** Same rule as the config schema's, so plain env that passed validation also passes here. */
/** The config layer's rule, copied: the pack is its own package (test/rule-parity.test.ts). */
export const CREDENTIAL_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN)|_KEY$/i;

interface CredentialConfig {
  /** Keys that look like credentials but are not (e.g. a public key id). */
  allowedKeys?: string[];
}

const noCredentialsInConfig: ResourceValidationPolicy = {
  name: "k8s-no-credentials-in-config",
  description:
    "No credential-looking keys (*PASSWORD*, *SECRET*, *TOKEN*, *_KEY) in ConfigMaps or literal container env values.",
  remediationSteps:
    "Move the value to slipway:secrets (pulumi config set --secret --path 'slipway:secrets.<app>.<NAME>' <value>).",
  configSchema: { properties: { allowedKeys: { type: "array", items: { type: "string" }, default: [] } } },
  validateResource: (args, reportViolation) => {
    const allowed = new Set(args.getConfig<CredentialConfig>().allowedKeys ?? []);
    const suspicious = (key: string) => CREDENTIAL_NAME.test(key) && !allowed.has(key);
    const where = describeObject(args);
    if (args.isType(ConfigMap)) {
      const keys = [...Object.keys(args.props.data ?? {}), ...Object.keys(args.props.binaryData ?? {})];
      for (const key of keys.filter(suspicious)) reportViolation(`${where}: key ${key} looks like a credential`);
      return;
    }
    for (const { container, label } of podSpecsOf(args).flatMap(allContainers)) {
      for (const entry of container.env ?? []) {
        if (entry.value !== undefined && entry.name && suspicious(entry.name)) {
          reportViolation(`${where}: ${label}: env ${entry.name} has a literal value; it looks like a credential`);
        }
      }
    }
  },
};

export const kubernetesDeliveryPolicies: ResourceValidationPolicy[] = [
  imagePinned,
  resourcesSet,
  probesOnServing,
  zeroDowntime,
  noCredentialsInConfig,
];
