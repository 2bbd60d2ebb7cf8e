/** Every tenant admission policy the platform installs, one concern per file. */
import { EXTERNAL_SECRET_STORES } from "./external-secret-stores";
import { HOST_ACCESS } from "./host-access";
import { IMAGE_SOURCES } from "./image-sources";
import { IRSA_ROLES } from "./irsa-roles";
import { ROLE_BINDINGS } from "./role-bindings";
import { SERVICE_EXPOSURE } from "./service-exposure";
import type { TenantPolicy } from "./tenant-match";

export const TENANT_POLICIES: readonly TenantPolicy[] = [
  HOST_ACCESS,
  IMAGE_SOURCES,
  SERVICE_EXPOSURE,
  ROLE_BINDINGS,
  IRSA_ROLES,
  EXTERNAL_SECRET_STORES,
];

/** What a cluster installs: the store policy only where External Secrets is (other renders stay as they were). */
export function installedTenantPolicies(externalSecrets: boolean): readonly TenantPolicy[] {
  return TENANT_POLICIES.filter((policy) => externalSecrets || policy !== EXTERNAL_SECRET_STORES);
}
