/**
 * Whether a kind's objects live in a namespace, by API group ("" is the core group). A kind missing
 * here has no known scope, and the rules that need one treat it as cluster-scoped.
 *
 * Built-in kinds: the `namespaced` field of the API server's discovery documents for Kubernetes 1.33
 * (kubernetes/kubernetes v1.33.0, api/discovery/api__v1.json and apis__<group>__<version>.json).
 * Custom resources: the `scope` of the CRDs the platform installs, at the pinned chart versions
 * (components/platform/services/<key>.ts): argoproj/argo-helm argo-rollouts-2.41.0
 * charts/argo-rollouts/templates/crds/*.yaml; kubernetes-sigs/gateway-api v1.4.0
 * config/crd/standard/*.yaml; cert-manager/cert-manager v1.19.3 deploy/crds/*.yaml;
 * prometheus-operator/prometheus-operator (kube-prometheus-stack 78.3.2) example/prometheus-operator-crd;
 * external-secrets/external-secrets helm-chart-0.20.4 config/crds/bases/*.yaml;
 * aws/karpenter-provider-aws v1.8.1 pkg/apis/crds/*.yaml.
 */
export type Scope = "Namespaced" | "Cluster";

export const NAMESPACED: Record<string, readonly string[]> = {
  "": [
    "Binding",
    "ConfigMap",
    "Endpoints",
    "Event",
    "LimitRange",
    "PersistentVolumeClaim",
    "Pod",
    "PodTemplate",
    "ReplicationController",
    "ResourceQuota",
    "Secret",
    "Service",
    "ServiceAccount",
  ],
  apps: ["ControllerRevision", "DaemonSet", "Deployment", "ReplicaSet", "StatefulSet"],
  "authorization.k8s.io": ["LocalSubjectAccessReview"],
  autoscaling: ["HorizontalPodAutoscaler"],
  batch: ["CronJob", "Job"],
  "coordination.k8s.io": ["Lease", "LeaseCandidate"],
  "discovery.k8s.io": ["EndpointSlice"],
  "events.k8s.io": ["Event"],
  "networking.k8s.io": ["Ingress", "NetworkPolicy"],
  policy: ["PodDisruptionBudget"],
  "rbac.authorization.k8s.io": ["Role", "RoleBinding"],
  "resource.k8s.io": ["ResourceClaim", "ResourceClaimTemplate"],
  "storage.k8s.io": ["CSIStorageCapacity"],
  "argoproj.io": ["AnalysisRun", "AnalysisTemplate", "Experiment", "Rollout"],
  "gateway.networking.k8s.io": ["BackendTLSPolicy", "GRPCRoute", "Gateway", "HTTPRoute", "ReferenceGrant"],
  "cert-manager.io": ["Certificate", "CertificateRequest", "Issuer"],
  "acme.cert-manager.io": ["Challenge", "Order"],
  "monitoring.coreos.com": [
    "Alertmanager",
    "AlertmanagerConfig",
    "PodMonitor",
    "Probe",
    "Prometheus",
    "PrometheusAgent",
    "PrometheusRule",
    "ScrapeConfig",
    "ServiceMonitor",
    "ThanosRuler",
  ],
  "external-secrets.io": ["ExternalSecret", "PushSecret", "SecretStore"],
};

const CLUSTER: Record<string, readonly string[]> = {
  "": ["ComponentStatus", "Namespace", "Node", "PersistentVolume"],
  "admissionregistration.k8s.io": [
    "MutatingAdmissionPolicy",
    "MutatingAdmissionPolicyBinding",
    "MutatingWebhookConfiguration",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding",
    "ValidatingWebhookConfiguration",
  ],
  "apiextensions.k8s.io": ["CustomResourceDefinition"],
  "apiregistration.k8s.io": ["APIService"],
  "authentication.k8s.io": ["SelfSubjectReview", "TokenReview"],
  "authorization.k8s.io": ["SelfSubjectAccessReview", "SelfSubjectRulesReview", "SubjectAccessReview"],
  "certificates.k8s.io": ["CertificateSigningRequest", "ClusterTrustBundle"],
  "flowcontrol.apiserver.k8s.io": ["FlowSchema", "PriorityLevelConfiguration"],
  "internal.apiserver.k8s.io": ["StorageVersion"],
  "networking.k8s.io": ["IPAddress", "IngressClass", "ServiceCIDR"],
  "node.k8s.io": ["RuntimeClass"],
  "rbac.authorization.k8s.io": ["ClusterRole", "ClusterRoleBinding"],
  "resource.k8s.io": ["DeviceClass", "ResourceSlice"],
  "scheduling.k8s.io": ["PriorityClass"],
  "storage.k8s.io": ["CSIDriver", "CSINode", "StorageClass", "VolumeAttachment", "VolumeAttributesClass"],
  "storagemigration.k8s.io": ["StorageVersionMigration"],
  "argoproj.io": ["ClusterAnalysisTemplate"],
  "gateway.networking.k8s.io": ["GatewayClass"],
  "cert-manager.io": ["ClusterIssuer"],
  "external-secrets.io": ["ClusterExternalSecret", "ClusterPushSecret", "ClusterSecretStore"],
  "karpenter.sh": ["NodeClaim", "NodePool"],
  "karpenter.k8s.aws": ["EC2NodeClass"],
};

/** `apps/v1` → `apps`; `v1` → the core group "". A kind's scope is the same in every version. */
function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf("/");
  return slash < 0 ? "" : apiVersion.slice(0, slash);
}

export function kubernetesScope(apiVersion: string, kind: string): Scope | undefined {
  const group = apiGroup(apiVersion);
  if (NAMESPACED[group]?.includes(kind)) return "Namespaced";
  if (CLUSTER[group]?.includes(kind)) return "Cluster";
  return undefined;
}
