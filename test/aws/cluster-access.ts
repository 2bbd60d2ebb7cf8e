/**
 * Who reaches the EKS cluster (test/aws/cluster.ts's render): access entries for admins, viewers,
 * drift checkers and app stacks; an app stack's namespaces and its deployer binding; the deployer
 * role covering every object an App registers; the policy pack knowing every kind's scope.
 */
import { kubernetesScope } from "../../policy/policies/lib/kubernetes-scope";
import type { RenderResult } from "../../tools/harness/render-stack";
import { A } from "../support/aws";
import { at, find, ofType } from "../support/stack";

/** The principals test/aws/cluster.ts's config grants access. */
export const PRINCIPALS = {
  admin: "arn:aws:iam::123456789012:role/platform-admins",
  viewer: "arn:aws:iam::123456789012:role/developers",
  driftChecker: "arn:aws:iam::123456789012:role/drift-check",
  teamDeploy: "arn:aws:iam::210987654321:role/team-a-deploy",
};
const { admin, viewer, driftChecker, teamDeploy } = PRINCIPALS;

export function clusterAccessTests(result: () => RenderResult): void {
  test("authentication mode API, with access entries for the configured admins, viewers, drift checkers and app stacks", () => {
    expect(at(find(result(), A.cluster, "cluster").inputs, "accessConfig.authenticationMode")).toBe("API");
    // The cluster's own entries (platform services such as Karpenter add theirs).
    const entries = ofType(result(), A.accessEntry).filter((e) => e.urn.includes("slipway:cluster:Cluster$"));
    expect(entries.map((e) => e.inputs.principalArn).sort()).toEqual([viewer, admin, driftChecker, teamDeploy].sort());
    const policies = Object.fromEntries(ofType(result(), A.accessPolicy).map((p) => [p.inputs.principalArn, p.inputs]));
    expect(policies[admin]).toMatchObject({
      policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
      accessScope: { type: "cluster" },
    });
    expect(policies[viewer]).toMatchObject({
      policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
      accessScope: { type: "cluster" },
    });
    // --refresh reads Secrets too, which AmazonEKSViewPolicy does not grant.
    expect(policies[driftChecker]).toMatchObject({
      policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminViewPolicy",
      accessScope: { type: "cluster" },
    });
    // The app stack's role gets nothing cluster-wide: only its group, bound in its namespaces below.
    expect(policies[teamDeploy]).toBeUndefined();
    expect(entries.find((e) => e.inputs.principalArn === teamDeploy)!.inputs.kubernetesGroups).toEqual([
      "slipway:app-stack:team-a",
    ]);
  });

  test("an app stack's namespaces are made here, routable, with its group bound to the deployer role in each", () => {
    const group = { apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "slipway:app-stack:team-a" };
    const granted = result()
      .objects.map(({ object }) => object as any)
      .filter((o) => o.subjects?.some((s: unknown) => JSON.stringify(s) === JSON.stringify(group)));
    expect(granted.map((o) => [o.kind, o.metadata.namespace, o.roleRef.name]).sort()).toEqual([
      ["RoleBinding", "cart", "slipway-app-deployer"],
      ["RoleBinding", "shop", "slipway-app-deployer"],
    ]);
    for (const name of ["shop", "cart"]) {
      const ns = result().objects.find(({ object }) => object.kind === "Namespace" && object.metadata.name === name)!;
      expect(ns.registration.urn).toContain("slipway:cluster:Cluster$");
      // The Gateway's HTTPS listeners admit routes from namespaces with this label.
      expect(at(ns.object, "metadata.labels")).toMatchObject({ "app.kubernetes.io/part-of": "slipway" });
    }
  });

  test("the deployer role can make every object an App registers, and holds every rule of the Roles an App makes", () => {
    const rules = (find(result(), "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", "cluster-app-deployer").inputs
      .rules ?? []) as Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }>;
    const allows = (group: string, resource: string, verb: string) =>
      rules.some((r) => r.apiGroups.includes(group) && r.resources.includes(resource) && r.verbs.includes(verb));
    const appObjects = result().objects.filter(({ registration }) => registration.urn.includes("slipway:app:App$"));
    const kinds = new Set(appObjects.map(({ object }) => `${object.apiVersion} ${object.kind}`));
    expect(kinds.size).toBeGreaterThan(12);
    for (const { object } of appObjects.filter(({ object }) => object.kind !== "Namespace")) {
      const group = object.apiVersion.includes("/") ? object.apiVersion.split("/")[0] : "";
      const plural = object.kind.toLowerCase().replace(/y$/, "ie") + "s";
      for (const verb of ["get", "create", "patch", "delete"])
        expect([object.kind, verb, allows(group, plural, verb)]).toEqual([object.kind, verb, true]);
      // Kubernetes refuses a Role granting more than its creator holds (RBAC escalation check).
      for (const rule of object.kind === "Role" ? ((object as any).rules as typeof rules) : [])
        for (const [g, r, v] of rule.apiGroups.flatMap((g) =>
          rule.resources.flatMap((r) => rule.verbs.map((v) => [g, r, v])),
        ))
          expect([g, r, v, allows(g, r, v)]).toEqual([g, r, v, true]);
    }
  });

  test("the policy pack knows the scope of every kind this stack registers", () => {
    const unknown = result()
      .objects.map(({ object }) => `${object.apiVersion} ${object.kind}`)
      .filter((kind) => kubernetesScope(kind.split(" ")[0], kind.split(" ")[1]) === undefined);
    expect([...new Set(unknown)]).toEqual([]);
  });
}
