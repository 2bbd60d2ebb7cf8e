/**
 * A tenant binds only its own Roles, or a ClusterRole the platform grants (the parameters' `cluster-role.*`
 * entries): RoleBinding to `admin`, `edit` or `cluster-admin` would hand out what the platform never
 * granted, should the team's RBAC ever allow the binding.
 */
import { writesOf, type TenantPolicy } from "./tenant-match";

export const ROLE_BINDINGS: TenantPolicy = {
  name: "slipway-tenant-role-bindings",
  usesParams: true,
  resourceRules: [writesOf("rbac.authorization.k8s.io", "v1", ["rolebindings"])],
  validations: [
    {
      expression:
        "object.roleRef.kind != 'ClusterRole' || params.data.exists(k, k.startsWith('cluster-role.') && params.data[k] == object.roleRef.name)",
      message: "a tenant RoleBinding refers to a Role in its namespace, or to a ClusterRole the platform grants",
    },
  ],
};
