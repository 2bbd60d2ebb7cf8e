/**
 * Pod hardening: what a compromised container can reach. Each rule is a separate policy so a verdict
 * names exactly what to fix.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { podPolicy } from "./lib/pod-policy";
import { allContainers } from "./lib/workloads";

const runAsNonRoot = podPolicy(
  {
    name: "k8s-run-as-non-root",
    description: "Containers run as a non-root user (runAsNonRoot: true, runAsUser not 0).",
    remediationSteps: "Set securityContext.runAsNonRoot: true on the pod or container and a non-zero runAsUser.",
  },
  (spec, report) => {
    for (const { container, label } of allContainers(spec)) {
      const nonRoot = container.securityContext?.runAsNonRoot ?? spec.securityContext?.runAsNonRoot;
      const user = container.securityContext?.runAsUser ?? spec.securityContext?.runAsUser;
      if (nonRoot !== true) report(`${label}: runAsNonRoot is not true`);
      if (user === 0) report(`${label}: runAsUser is 0 (root)`);
    }
  },
);

const noPrivilegeEscalation = podPolicy(
  {
    name: "k8s-no-privilege-escalation",
    description: "No privileged containers, and privilege escalation explicitly off (Kubernetes allows it by default).",
    remediationSteps:
      "Set securityContext.privileged: false (or leave it out) and allowPrivilegeEscalation: false on every container.",
  },
  (spec, report) => {
    for (const { container, label } of allContainers(spec)) {
      if (container.securityContext?.privileged === true) report(`${label}: runs privileged`);
      if (container.securityContext?.allowPrivilegeEscalation !== false)
        report(`${label}: allowPrivilegeEscalation is not false`);
    }
  },
);

const noHostAccess = podPolicy(
  {
    name: "k8s-no-host-access",
    description:
      "Pods do not share the node's network, PID or IPC namespaces, mount hostPath volumes or bind host ports.",
    remediationSteps:
      "Remove hostNetwork/hostPID/hostIPC, hostPath volumes and hostPort; use Services and emptyDir/PVC volumes.",
  },
  (spec, report) => {
    for (const key of ["hostNetwork", "hostPID", "hostIPC"] as const) {
      if (spec[key] === true) report(`${key} is true`);
    }
    for (const volume of spec.volumes ?? []) {
      if (volume.hostPath) report(`volume "${volume.name}" mounts a hostPath`);
    }
    for (const { container, label } of allContainers(spec)) {
      for (const port of (container.ports ?? []) as Array<{ hostPort?: number }>) {
        if (port.hostPort) report(`${label}: binds hostPort ${port.hostPort}`);
      }
    }
  },
);

const readOnlyRootFilesystem = podPolicy(
  {
    name: "k8s-read-only-root-filesystem",
    description: "Containers run with a read-only root filesystem (writable paths are explicit volumes).",
    remediationSteps:
      "Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the app writes (e.g. /tmp).",
  },
  (spec, report) => {
    for (const { container, label } of allContainers(spec)) {
      if (container.securityContext?.readOnlyRootFilesystem !== true)
        report(`${label}: readOnlyRootFilesystem is not true`);
    }
  },
);

export const kubernetesSecurityPolicies: ResourceValidationPolicy[] = [
  runAsNonRoot,
  noPrivilegeEscalation,
  noHostAccess,
  readOnlyRootFilesystem,
];
