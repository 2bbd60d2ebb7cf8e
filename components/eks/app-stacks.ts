/**
 * What an apps stack's deploy role may do on the platform's cluster: create, change and delete the
 * namespaced objects an apps stack registers, in the namespaces granted to it, and nothing else.
 *
 * Kubernetes RBAC, not an EKS access policy, because no access policy fits (AWS EKS User Guide,
 * "Review access policy permissions", awsdocs/amazon-eks-user-guide
 * latest/ug/manage-access/k8s-access/access-policy-reference.adoc):
 * - AmazonEKSEditPolicy grants no Roles or RoleBindings (each app has its rollout check's);
 * - neither it nor AmazonEKSAdminPolicy grants any custom resource (Rollout, AnalysisTemplate,
 *   HTTPRoute): aws/containers-roadmap#2349;
 * - AmazonEKSAdminPolicy lists roles and rolebindings, but the API server's escalation check only counts
 *   RBAC rules the user holds, so creating a RoleBinding fails anyway: aws/containers-roadmap#2682.
 * So the access entry carries a group (access.ts), bound here per namespace to one ClusterRole whose
 * rules cover every Role an app creates (the escalation check passes).
 *
 * Namespaces are cluster-scoped and RBAC cannot limit `create` by name, so this stack creates the app
 * stacks' namespaces and the deploy role only reads them: it cannot create other namespaces, delete
 * its own, or relabel one to reach the Gateway or the secret store (ROUTE_NAMESPACE_SELECTOR).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Provider } from "@pulumi/kubernetes/provider";
import { Namespace } from "@pulumi/kubernetes/core/v1";
import { ClusterRole, RoleBinding } from "@pulumi/kubernetes/rbac/v1";
import type { AppStackAccess } from "../../config/cluster-access";
import { APP_STACK_LABEL, ROUTE_NAMESPACE_SELECTOR } from "../platform/services/router-listeners";
import { podSecurityLabels } from "../platform/pod-security";
import { TENANT_LABEL } from "../../config/labels";
import { APP_DEPLOYER_ROLE, APP_DEPLOYER_RULES } from "./app-deployer-rules";

/** The Kubernetes group an app stack's access entry carries. */
export function appStackGroup(stack: string): string {
  return `slipway:app-stack:${stack}`;
}

export interface AppStacksArgs {
  appStacks: Record<string, AppStackAccess>;
  provider: Provider;
  /** The Pod Security Standards version the namespaces pin (config/cluster.ts podSecurityVersion). */
  podSecurityVersion: string;
}

/** Creates every granted namespace; answers them by name. */
export function createAppStackNamespaces(
  name: string,
  args: AppStacksArgs,
  parent: pulumi.Resource,
): Record<string, Namespace> {
  const created: Record<string, Namespace> = {};
  const stacks = Object.keys(args.appStacks).sort();
  if (stacks.length === 0) return created;
  const opts = { parent, provider: args.provider };
  const role = new ClusterRole(
    `${name}-app-deployer`,
    { metadata: { name: APP_DEPLOYER_ROLE }, rules: APP_DEPLOYER_RULES },
    opts,
  );
  for (const stack of stacks) {
    for (const namespace of args.appStacks[stack].namespaces) {
      const labels = {
        ...ROUTE_NAMESPACE_SELECTOR,
        "app.kubernetes.io/managed-by": "pulumi",
        // The platform Gateway's listeners for this stack's hostnames admit routes by it (router-listeners.ts).
        [APP_STACK_LABEL]: stack,
      };
      // Team apps run here: restricted, and the platform's admission policies bind to the tenant label.
      const namespaceLabels = {
        ...labels,
        [TENANT_LABEL]: stack,
        ...podSecurityLabels("restricted", args.podSecurityVersion),
      };
      // Named after the namespace alone (config keeps it unique): moving it to another app stack
      // updates the binding in place instead of replacing the namespace with everything in it.
      // Retained if the grant goes: deleting a namespace deletes the team's objects in it with it.
      const ns = new Namespace(
        `${name}-app-ns-${namespace}`,
        { metadata: { name: namespace, labels: namespaceLabels } },
        { ...opts, retainOnDelete: true },
      );
      created[namespace] = ns;
      new RoleBinding(
        `${name}-app-deployer-${namespace}`,
        {
          metadata: { name: APP_DEPLOYER_ROLE, namespace: ns.metadata.name, labels },
          roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: APP_DEPLOYER_ROLE },
          subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: appStackGroup(stack) }],
        },
        { ...opts, dependsOn: [role] },
      );
    }
  }
  return created;
}
