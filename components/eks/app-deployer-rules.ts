/**
 * The rules of the ClusterRole an apps stack's deploy role holds in each of its namespaces
 * (app-stacks.ts binds it). Plain data, so the policy pack's parity test reads it without the SDK.
 */
/** The ClusterRole bound in every app stack namespace; the one ClusterRole a tenant RoleBinding may name. */
export const APP_DEPLOYER_ROLE = "slipway-app-deployer";

const READ = ["get", "list", "watch"];
const WRITE = [...READ, "create", "update", "patch", "delete"];

export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

/**
 * What an apps stack registers (components/app/*), plus what the Kubernetes provider reads while it
 * waits for a workload (pods, ReplicaSets, events, endpoints) and what the release tool patches
 * (rollouts/status, tools/rollout-control/run.ts).
 */
export const APP_DEPLOYER_RULES: PolicyRule[] = [
  { apiGroups: [""], resources: ["configmaps", "secrets", "services", "serviceaccounts"], verbs: WRITE },
  { apiGroups: [""], resources: ["pods", "pods/log", "events", "endpoints"], verbs: READ },
  { apiGroups: [""], resources: ["namespaces"], verbs: READ },
  { apiGroups: ["apps"], resources: ["deployments"], verbs: WRITE },
  { apiGroups: ["apps"], resources: ["replicasets"], verbs: READ },
  { apiGroups: ["batch"], resources: ["jobs", "cronjobs"], verbs: WRITE },
  { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"], verbs: WRITE },
  { apiGroups: ["policy"], resources: ["poddisruptionbudgets"], verbs: WRITE },
  { apiGroups: ["networking.k8s.io"], resources: ["networkpolicies"], verbs: WRITE },
  { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: READ },
  { apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles", "rolebindings"], verbs: WRITE },
  { apiGroups: ["argoproj.io"], resources: ["rollouts", "rollouts/status", "analysistemplates"], verbs: WRITE },
  { apiGroups: ["argoproj.io"], resources: ["analysisruns", "experiments"], verbs: READ },
  // Routes only: Gateways and certificates are the platform's, one listener per granted hostname. A
  // team that could create a Gateway or a Certificate could serve or certify any name with it.
  { apiGroups: ["gateway.networking.k8s.io"], resources: ["httproutes"], verbs: WRITE },
];
