/**
 * A tenant's ExternalSecrets read through its own ClusterSecretStore only (services/external-secrets.ts
 * creates one per tenant, whose role reads only that tenant's secrets). Every store reference an
 * ExternalSecret can carry (external-secrets/external-secrets helm-chart-0.20.4
 * config/crds/bases/external-secrets.io_externalsecrets.yaml: spec.secretStoreRef and each
 * spec.data[] / spec.dataFrom[] sourceRef.storeRef, whose `kind` defaults to SecretStore) must name
 * kind ClusterSecretStore and the tenant's store. Namespaced SecretStores are refused outright: one
 * without credentials of its own would run with whatever the controller's pod can reach, and a team's
 * own credentials belong in its own AWS role (serviceAccount.iamRoleArn), not in a store.
 */
import { TENANT_LABEL } from "../../../config/labels";
import { writesOf, type TenantPolicy } from "./tenant-match";

const STORE_PREFIX = "slipway-secrets-";

/** The ClusterSecretStore a tenant's ExternalSecrets use. */
export function tenantSecretStore(tenant: string): string {
  return `${STORE_PREFIX}${tenant}`;
}

const OWN_STORE = `ref.kind == 'ClusterSecretStore' && ref.name == '${STORE_PREFIX}' + namespaceObject.metadata.labels['${TENANT_LABEL}']`;
const EXTERNAL_SECRET = "object.kind == 'ExternalSecret'";

export const EXTERNAL_SECRET_STORES: TenantPolicy = {
  name: "slipway-tenant-external-secret-stores",
  usesParams: false,
  resourceRules: [writesOf("external-secrets.io", "v1", ["externalsecrets", "secretstores"])],
  variables: [
    {
      name: "storeRefs",
      expression: `${EXTERNAL_SECRET} ? (has(object.spec.secretStoreRef) ? [object.spec.secretStoreRef] : []) + (has(object.spec.data) ? object.spec.data.filter(d, has(d.sourceRef) && has(d.sourceRef.storeRef)).map(d, d.sourceRef.storeRef) : []) + (has(object.spec.dataFrom) ? object.spec.dataFrom.filter(d, has(d.sourceRef) && has(d.sourceRef.storeRef)).map(d, d.sourceRef.storeRef) : []) : []`,
    },
  ],
  validations: [
    {
      expression: "object.kind != 'SecretStore'",
      message: "a tenant namespace holds no SecretStore: its ExternalSecrets use the team's ClusterSecretStore",
    },
    {
      expression: `variables.storeRefs.all(ref, has(ref.kind) && ${OWN_STORE})`,
      message: `a tenant ExternalSecret reads only through its team's ClusterSecretStore, ${STORE_PREFIX}<tenant> (kind ClusterSecretStore)`,
    },
  ],
};
