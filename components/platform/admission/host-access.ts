/**
 * Root on a node, refused at admission: no privileged container, none of the node's network, PID or IPC
 * namespaces, no hostPath volume and no host port, in any pod or pod template of a tenant namespace.
 * The same rules as the pack's k8s-no-host-access and k8s-no-privilege-escalation, held by the API
 * server whoever applies the object.
 */
import { HAS_POD_SPEC, POD_RULES, POD_VARIABLES, type TenantPolicy } from "./tenant-match";

export const HOST_ACCESS: TenantPolicy = {
  name: "slipway-tenant-host-access",
  usesParams: false,
  resourceRules: POD_RULES,
  matchConditions: [HAS_POD_SPEC],
  variables: POD_VARIABLES,
  validations: [
    {
      expression:
        "variables.containers.all(c, !has(c.securityContext) || !has(c.securityContext.privileged) || c.securityContext.privileged == false)",
      message: "a container runs privileged: tenant pods may not (securityContext.privileged)",
    },
    {
      expression:
        "!(has(variables.pod.hostNetwork) && variables.pod.hostNetwork) && !(has(variables.pod.hostPID) && variables.pod.hostPID) && !(has(variables.pod.hostIPC) && variables.pod.hostIPC)",
      message:
        "the pod shares the node's network, PID or IPC namespace: tenant pods may not (hostNetwork, hostPID, hostIPC)",
    },
    {
      expression: "!has(variables.pod.volumes) || variables.pod.volumes.all(v, !has(v.hostPath))",
      message: "the pod mounts a hostPath volume: tenant pods may not (use emptyDir or a PersistentVolumeClaim)",
    },
    {
      expression: "variables.containers.all(c, !has(c.ports) || c.ports.all(p, !has(p.hostPort) || p.hostPort == 0))",
      message: "a container binds a host port: tenant pods may not (ports[].hostPort; use a Service)",
    },
  ],
};
