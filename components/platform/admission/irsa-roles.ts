/**
 * A tenant service account may name only its own team's IAM roles: those under the team's role path,
 * `<irsa-role-arn-prefix><tenant>/` (components/iam.ts puts every app role there). Without AWS (no
 * prefix in the parameters) no IRSA annotation is admitted at all.
 */
import { TENANT_LABEL } from "../../../config/labels";
import { writesOf, type TenantPolicy } from "./tenant-match";

const IRSA_ANNOTATION = "eks.amazonaws.com/role-arn";

export const IRSA_ROLES: TenantPolicy = {
  name: "slipway-tenant-irsa-roles",
  usesParams: true,
  resourceRules: [writesOf("", "v1", ["serviceaccounts"])],
  matchConditions: [
    {
      name: "names-an-iam-role",
      expression: `has(object.metadata.annotations) && '${IRSA_ANNOTATION}' in object.metadata.annotations`,
    },
  ],
  variables: [
    {
      name: "ownRoles",
      expression: `'irsa-role-arn-prefix' in params.data ? params.data['irsa-role-arn-prefix'] + namespaceObject.metadata.labels['${TENANT_LABEL}'] + '/' : ''`,
    },
  ],
  validations: [
    {
      expression: `variables.ownRoles != '' && object.metadata.annotations['${IRSA_ANNOTATION}'].startsWith(variables.ownRoles)`,
      message: `a tenant ServiceAccount's ${IRSA_ANNOTATION} names one of its own team's IAM roles`,
    },
  ],
};
