/**
 * Which changed properties make pulumi-kubernetes replace an object instead of patching it, so the
 * render's diff says "replace" where the real preview would.
 *
 * Transcribed from pulumi/pulumi-kubernetes provider/pkg/provider/diff.go (`forceNewProperties`,
 * `forceNew`), unchanged from v4.32.0 to commit 94977969d after it (the pin, v4.34.2, not re-read); Diff in
 * provider/pkg/provider/provider.go marks a detailed-diff entry replace when one of these JSONPaths
 * finds anything in that entry's slice of the merge patch (provider/pkg/openapi/match.go
 * PatchPropertiesChanged): the path lies under the entry, or the entry's value holds the path.
 * Only the groups and versions the file lists: e.g. policy/v1 PodDisruptionBudget is not there (only
 * v1beta1), so it updates in place. Beta versions the API server no longer serves are left out.
 */

const LABEL_SELECTOR = ".spec.selector";
const POD_CONTAINER_FIELDS = [
  "args",
  "command",
  "env",
  "image",
  "imagePullPolicy",
  "lifecycle",
  "livenessProbe",
  "ports",
  "readinessProbe",
  "resources",
  "securityContext",
  "stdin",
  "stdinOnce",
  "terminationMessagePath",
  "terminationMessagePolicy",
  "tty",
  "volumeDevices",
  "volumeMounts",
  "workingDir",
];
const POD_SPEC_FIELDS = [
  "affinity",
  "automountServiceAccountToken",
  "dnsConfig",
  "dnsPolicy",
  "enableServiceLinks",
  "hostAliases",
  "hostIPC",
  "hostNetwork",
  "hostPID",
  "hostname",
  "imagePullSecrets",
  "nodeName",
  "nodeSelector",
  "overhead",
  "preemptionPolicy",
  "priority",
  "priorityClassName",
  "readinessGates",
  "restartPolicy",
  "runtimeClassName",
  "schedulerName",
  "securityContext",
  "serviceAccount",
  "serviceAccountName",
  "shareProcessNamespace",
  "subdomain",
  "terminationGracePeriodSeconds",
  "volumes",
];

const apps = [".spec.selector"];
const statefulSet = [
  ".spec.podManagementPolicy",
  ".spec.revisionHistoryLimit",
  LABEL_SELECTOR,
  ".spec.serviceName",
  ".spec.volumeClaimTemplates",
];
const job = [".spec.completions", ".spec.parallelism", LABEL_SELECTOR, ".spec.template"];
const roleBinding = [".roleRef"];
const core: Record<string, string[]> = {
  PersistentVolumeClaim: [".spec.accessModes", LABEL_SELECTOR, ".spec.storageClassName", ".spec.volumeName"],
  Pod: [
    ...POD_SPEC_FIELDS.map((f) => `.spec.${f}`),
    ...["containers", "initContainers"].flatMap((c) => POD_CONTAINER_FIELDS.map((f) => `.spec.${c}[*].${f}`)),
  ],
  ResourceQuota: [".spec.scopes"],
  Service: [".spec.clusterIP"],
};

/** `apiVersion` → kind → paths. PersistentVolume's volume sources are left out: Slipway renders none. */
const BY_VERSION: Record<string, Record<string, string[]>> = {
  "apps/v1": { DaemonSet: apps, Deployment: apps, StatefulSet: statefulSet },
  v1: core,
  "policy/v1beta1": { PodDisruptionBudget: [".spec"] },
  "rbac.authorization.k8s.io/v1": { ClusterRoleBinding: roleBinding, RoleBinding: roleBinding },
  "storage.k8s.io/v1": { StorageClass: [".parameters", ".provisioner"] },
  "batch/v1": { Job: job },
};

interface ObjectHead {
  apiVersion?: unknown;
  kind?: unknown;
  immutable?: unknown;
}

/**
 * The replace-on-change paths for an object (its new inputs), in the provider's notation. The
 * provider's defaults apply: Secrets and ConfigMaps are not mutable unless the provider is configured
 * with enableSecretMutable / enableConfigMapMutable, and an `immutable: true` one never is.
 */
export function forceNewPaths(object: ObjectHead): string[] {
  const paths = [".metadata.name", ".metadata.namespace"];
  const kind = String(object.kind);
  if (object.apiVersion === "v1" && kind === "Secret") return [...paths, ".type", ".stringData", ".data"];
  if (object.apiVersion === "v1" && kind === "ConfigMap") return [...paths, ".binaryData", ".data"];
  return [...paths, ...(BY_VERSION[String(object.apiVersion)]?.[kind] ?? [])];
}

/**
 * The force-new path a changed property (`.spec.template.spec.containers[0].image`) falls under. A
 * force-new path inside a value added or removed whole counts without looking into the value: an
 * overestimate the provider does not make, and a rare one here: most changes to Slipway's objects are leaves.
 */
export function forcedBy(path: string, forceNew: string[]): string | undefined {
  const normalized = path.replace(/\[\d+\]/g, "[*]");
  return forceNew.find(
    (p) =>
      normalized === p ||
      normalized.startsWith(`${p}.`) ||
      normalized.startsWith(`${p}[`) ||
      p.startsWith(`${normalized}.`),
  );
}
