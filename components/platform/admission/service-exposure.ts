/**
 * Tenants publish through the platform's router only: no Service of type LoadBalancer (a load balancer
 * of its own, outside the Gateway's TLS and routing), no NodePort (a port on every node) and no
 * externalIPs (traffic for any address routed to the node, CVE-2020-8554).
 */
import { writesOf, type TenantPolicy } from "./tenant-match";

export const SERVICE_EXPOSURE: TenantPolicy = {
  name: "slipway-tenant-service-exposure",
  usesParams: false,
  resourceRules: [writesOf("", "v1", ["services"])],
  validations: [
    {
      expression: "!has(object.spec.type) || !(object.spec.type in ['LoadBalancer', 'NodePort'])",
      message:
        "a tenant Service is of type ClusterIP or ExternalName: LoadBalancer and NodePort go around the platform's router",
    },
    {
      expression: "!has(object.spec.externalIPs) || size(object.spec.externalIPs) == 0",
      message: "a tenant Service may not set externalIPs",
    },
  ],
};
