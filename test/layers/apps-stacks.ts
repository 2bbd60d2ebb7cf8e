/**
 * What each apps stack of the layered example may register against its platform (test/layers.test.ts's
 * renders): Kubernetes objects only in its granted namespaces, kinds the deployer role may create,
 * routes attached to a platform Gateway, IAM roles under its permissions boundary trusting the cluster.
 */
import type { PlatformForApps } from "../../config/platform-outputs";
import { APP_DEPLOYER_RULES } from "../../components/eks/app-deployer-rules";
import type { RenderResult } from "../../tools/harness/render-stack";
import { A } from "../support/aws";
import { H } from "../support/platform";
import { at, ofType, T } from "../support/stack";

export function appsStackTests(
  stack: string,
  render: (stack: string) => RenderResult,
  forApps: () => PlatformForApps,
): void {
  const appNames = (stack: string) => ofType(render(stack), T.app).map((app) => app.name);

  const result = () => render(stack);

  test("registers Kubernetes objects only in its apps' namespaces, and only ECR, IAM and its provider besides", () => {
    const namespaces = appNames(stack);
    expect(namespaces.length).toBeGreaterThanOrEqual(3);
    for (const { object } of result().objects) {
      const where = object.kind === "Namespace" ? object.metadata.name : object.metadata.namespace;
      expect([object.kind, object.metadata.name, namespaces.includes(where ?? "")]).toEqual([
        object.kind,
        object.metadata.name,
        true,
      ]);
    }
    const awsTypes = new Set(
      result()
        .resources.filter((r) => r.type.startsWith("aws:"))
        .map((r) => r.type),
    );
    expect([...awsTypes].sort()).toEqual([A.lifecycle, A.repository, A.role, A.rolePolicy].sort());
    expect(ofType(result(), A.cluster)).toEqual([]);
  });

  test("its namespaces are the platform's, and the platform's deployer role may create every kind it registers", () => {
    const platformNamespaces = render("platform-staging")
      .objects.filter(({ object }) => object.kind === "Namespace")
      .map(({ object }) => object.metadata.name as string);
    expect(platformNamespaces).toEqual(expect.arrayContaining(appNames(stack)));
    // Removing a grant must not delete a namespace, and the team's objects with it.
    for (const ns of ofType(render("platform-staging"), T.namespace).filter((n) => n.name.includes("-app-ns-")))
      expect([ns.name, ns.options.retainOnDelete]).toEqual([ns.name, true]);
    expect(result().objects.filter(({ object }) => object.kind === "Namespace")).toEqual([]);
    const creatable = APP_DEPLOYER_RULES.filter((rule) => rule.verbs.includes("create")).flatMap((rule) =>
      rule.apiGroups.flatMap((group) => rule.resources.map((resource) => `${group}/${resource}`)),
    );
    const plural = (kind: string) => `${kind.toLowerCase().replace(/([^aeiou])y$/, "$1ie")}s`;
    for (const { object } of result().objects) {
      const group = object.apiVersion.includes("/") ? object.apiVersion.split("/")[0] : "";
      expect([object.kind, creatable.includes(`${group}/${plural(object.kind)}`)]).toEqual([object.kind, true]);
    }
  });

  test("every HTTPRoute attaches to a platform Gateway with a listener for its hostnames", () => {
    const routes = ofType(result(), T.httpRoute);
    expect(routes.length).toBeGreaterThan(0);
    const platformGateways = ofType(render("platform-staging"), H.gateway);
    for (const route of routes) {
      const namespace = at(route.inputs, "metadata.namespace");
      for (const parent of at(route.inputs, "spec.parentRefs")) {
        const gateways = parent.namespace ? platformGateways : ofType(result(), H.gateway);
        const gateway = gateways.find(
          (g) =>
            at(g.inputs, "metadata.name") === parent.name &&
            at(g.inputs, "metadata.namespace") === (parent.namespace ?? namespace),
        );
        expect([route.name, parent.name, gateway !== undefined]).toEqual([route.name, parent.name, true]);
        const hostnames: string[] = at(gateway!.inputs, "spec.listeners").map((l: { hostname?: string }) => l.hostname);
        for (const host of at(route.inputs, "spec.hostnames") as string[]) {
          const served = hostnames.some((h) => h === host || (h?.startsWith("*.") && host.endsWith(h.slice(1))));
          expect([route.name, host, served]).toEqual([route.name, host, true]);
        }
      }
    }
  });

  test("every IAM role carries the permissions boundary the platform created for this stack, which allows only its buckets", () => {
    const roles = ofType(result(), A.role);
    expect(roles.length).toBeGreaterThan(0);
    const grant = forApps().appStacks[stack];
    // The ARN the deploy role's policy names (docs/deploy-role-policy.json) for this stack.
    expect(grant.permissionsBoundaryArn).toBe(
      `arn:aws:iam::123456789012:policy/slipway/platform-staging/${stack}-boundary`,
    );
    for (const role of roles)
      expect([role.name, role.inputs.permissionsBoundary]).toEqual([role.name, grant.permissionsBoundaryArn]);
    const boundary = ofType(render("platform-staging"), A.policy).find((p) => p.inputs.name === `${stack}-boundary`);
    const resources = JSON.parse(String(boundary!.inputs.policy)).Statement.flatMap((s: { Resource: string }) => [
      s.Resource,
    ]);
    const buckets = resources
      .filter((r: string) => r.startsWith("arn:aws:s3:::"))
      .map((r: string) => r.replace(/\/\*$/, ""));
    expect([...new Set(buckets)]).toEqual(grant.buckets.map((key) => forApps().artifacts.buckets[key].arn));
  });

  test("IRSA roles trust the platform cluster's OIDC provider, for the app's own service account", () => {
    const roles = ofType(result(), A.role);
    expect(roles.length).toBeGreaterThan(0);
    const { providerArn, issuer } = forApps().cluster.oidc!;
    for (const role of roles) {
      const [statement] = JSON.parse(String(role.inputs.assumeRolePolicy)).Statement;
      expect(statement.Principal.Federated).toBe(providerArn);
      expect(Object.keys(statement.Condition.StringEquals)).toContain(`${issuer}:sub`);
    }
  });
}
