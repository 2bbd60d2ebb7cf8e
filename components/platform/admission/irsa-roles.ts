/**
 * A tenant service account may name only its own team's IAM roles: those under the team's role path,
 * `<irsa-role-arn-prefix><tenant>/` (components/iam.ts puts every app role there). On a kubeconfig
 * cluster the platform knows no AWS account (no prefix in the parameters), so the annotation is not
 * checked there: roles given by `serviceAccount.iamRoleArn` are the cluster owner's to trust.
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
  validations: [
    {
      expression: `!('irsa-role-arn-prefix' in params.data) || object.metadata.annotations['${IRSA_ANNOTATION}'].startsWith(params.data['irsa-role-arn-prefix'] + namespaceObject.metadata.labels['${TENANT_LABEL}'] + '/')`,
      message: `a tenant ServiceAccount's ${IRSA_ANNOTATION} names one of its own team's IAM roles`,
    },
  ],
};
