/**
 * Review apps on the committed layered example: platform-staging's review grant for shop-staging and
 * the review stack pull request 42 gets (config/review-stack.ts), rendered against the platform's
 * outputs. What the platform enforces in the cluster (slot namespaces, their quota, limits, labels and
 * deployer binding, the review listener) and what the review stack may and may not do there.
 */
import { readFileSync } from "node:fs";
import { parseQuantity } from "../../config/quantity";
import { mandatory } from "../../tools/harness/policy-eval";
import { refusedObjects } from "../../tools/harness/admission/stack-admission";
import type { RenderResult } from "../../tools/harness/render-stack";
import { A } from "../support/aws";
import { attachedListeners, type GatewayObject, type RouteObject } from "../support/route-attachment";
import { at, ofType, T } from "../support/stack";

/** platform-staging's grant, as its stack file states it. */
const SLOTS = [1, 2];
const SHOP_NAMESPACES = ["cart-api", "order-worker", "storefront"];
const TENANT = "shop-staging-review";
const DOMAIN = "shop.review.staging.example.com";

const objectsOf = (result: RenderResult, kind: string) =>
  result.objects.filter(({ object }) => object.kind === kind).map(({ object }) => object as any);

export function reviewAppTests(platform: () => RenderResult, review: () => RenderResult): void {
  const reviewNamespaces = SLOTS.flatMap((slot) => SHOP_NAMESPACES.map((app) => `rv-shop-${slot}-${app}`));

  test("the platform creates every slot's namespace for shop-staging's apps, restricted and labelled for the review tenant", () => {
    const namespaces = objectsOf(platform(), "Namespace").filter((ns) => ns.metadata.name.startsWith("rv-"));
    expect(namespaces.map((ns) => ns.metadata.name).sort()).toEqual(reviewNamespaces);
    for (const ns of namespaces)
      expect([ns.metadata.name, ns.metadata.labels]).toEqual([
        ns.metadata.name,
        expect.objectContaining({
          "slipway.dev/tenant": TENANT,
          "slipway.dev/app-stack": TENANT,
          "pod-security.kubernetes.io/enforce": "restricted",
        }),
      ]);
  });

  test("each review namespace is bounded by the grant's quota and a LimitRange, and only the review role deploys there", () => {
    for (const namespace of reviewNamespaces) {
      const [quota] = objectsOf(platform(), "ResourceQuota").filter((q) => q.metadata.namespace === namespace);
      expect([namespace, quota?.spec.hard]).toEqual([
        namespace,
        { "requests.cpu": "1", "limits.cpu": "1", "requests.memory": "1Gi", "limits.memory": "1Gi", pods: "6" },
      ]);
      const [limits] = objectsOf(platform(), "LimitRange").filter((l) => l.metadata.namespace === namespace);
      expect([namespace, limits?.spec.limits[0].max]).toEqual([namespace, { cpu: "1", memory: "1Gi" }]);
      const bindings = objectsOf(platform(), "RoleBinding").filter((b) => b.metadata.namespace === namespace);
      expect([namespace, bindings.flatMap((b) => b.subjects.map((s: { name: string }) => s.name))]).toEqual([
        namespace,
        [`slipway:app-stack:${TENANT}`],
      ]);
    }
    const entry = ofType(platform(), A.accessEntry).find((e) =>
      String(e.inputs.principalArn).includes("review-shop-staging"),
    );
    expect(entry?.inputs.kubernetesGroups).toEqual([`slipway:app-stack:${TENANT}`]);
  });

  test("the review stack's objects are all in its slot's namespaces, and it creates no namespace or quota", () => {
    const namespaces = new Set(review().objects.map(({ object }) => object.metadata.namespace));
    expect([...namespaces].sort()).toEqual(["rv-shop-2-order-worker", "rv-shop-2-storefront"]);
    for (const kind of ["Namespace", "ResourceQuota", "LimitRange"]) expect(objectsOf(review(), kind)).toEqual([]);
  });

  test("its routes serve <app>-pr-42.<review domain> and attach to the review listener, which no team namespace reaches", () => {
    const gateways = objectsOf(platform(), "Gateway") as GatewayObject[];
    const labels = Object.fromEntries(
      objectsOf(platform(), "Namespace").map((ns) => [ns.metadata.name, ns.metadata.labels ?? {}]),
    );
    const routes = ofType(review(), T.httpRoute).map((route) => route.inputs as unknown as RouteObject);
    expect(routes.map((route) => route.spec.hostnames)).toEqual([[`storefront-pr-42.${DOMAIN}`]]);
    const route = routes[0];
    expect(attachedListeners(route, gateways, labels)).toEqual([`slipway-router/slipway/wildcard.${DOMAIN}`]);
    const fromTeam = { ...route, metadata: { ...route.metadata, namespace: "storefront" } };
    expect(attachedListeners(fromTeam, gateways, labels)).toEqual([]);
  });

  test("its pods fit the quota: one replica each, every container's CPU limit within the namespace's", () => {
    for (const { object } of review().objects) {
      if (!["Deployment", "Rollout"].includes(object.kind)) continue;
      expect([object.metadata.name, at(object, "spec.replicas")]).toEqual([object.metadata.name, 1]);
    }
    const cpu = new Map<string, number>();
    for (const { object } of review().objects) {
      const pod = at(object, "spec.template.spec") ?? at(object, "spec.jobTemplate.spec.template.spec");
      if (pod === undefined) continue;
      for (const container of [...(pod.containers ?? []), ...(pod.initContainers ?? [])]) {
        const limit = parseQuantity(String(container.resources?.limits?.cpu ?? "0"))!;
        expect([object.metadata.name, limit <= 1]).toEqual([object.metadata.name, true]);
        const namespace = object.metadata.namespace!;
        cpu.set(namespace, (cpu.get(namespace) ?? 0) + limit);
      }
    }
    for (const [namespace, total] of cpu) expect([namespace, total <= 1]).toEqual([namespace, true]);
  });

  test("no secret of the source stack reaches the review stack, and neither the pack nor admission refuses it", () => {
    for (const secret of objectsOf(review(), "Secret"))
      expect([secret.metadata.name, Object.keys(secret.data ?? secret.stringData ?? {})]).toEqual([
        secret.metadata.name,
        [],
      ]);
    expect(mandatory(review().verdicts)).toEqual([]);
    expect(review().schemaProblems).toEqual([]);
    expect(refusedObjects(review().objects, platform().objects)).toEqual([]);
  });

  test("docs/review-apps.md's cost table is what the platform renders for the grant: quotas per slot and in all, a copy's defaults", () => {
    const row = (label: string) =>
      readFileSync("docs/review-apps.md", "utf8")
        .split("\n")
        .find((line) => line.startsWith(`| ${label}`))
        ?.split("|")
        .slice(2, -1)
        .map((cell) => cell.trim());
    const quotas = objectsOf(platform(), "ResourceQuota").filter((q) => q.metadata.namespace.startsWith("rv-shop-"));
    const ceiling = (inSlots: typeof quotas) => {
      const sum = (key: string) => inSlots.reduce((total, q) => total + parseQuantity(q.spec.hard[key])!, 0);
      return [
        String(inSlots.length),
        String(sum("limits.cpu")),
        `${sum("limits.memory") / 2 ** 30}Gi`,
        String(sum("pods")),
      ];
    };
    expect(row("one review stack, at most")).toEqual(
      ceiling(quotas.filter((q) => q.metadata.namespace.startsWith("rv-shop-1-"))),
    );
    expect(row("every slot at once, at most")).toEqual(ceiling(quotas));
    const limits = objectsOf(platform(), "LimitRange").filter((l) => l.metadata.namespace.startsWith("rv-shop-"));
    const { defaultRequest, default: limit } = limits[0].spec.limits[0];
    for (const other of limits) expect(other.spec.limits[0]).toMatchObject({ defaultRequest, default: limit });
    expect(row("each copy's container")).toEqual([
      "",
      `${defaultRequest.cpu} / ${limit.cpu}`,
      `${defaultRequest.memory} / ${limit.memory}`,
      "",
    ]);
    // What each copy's workload asks for is those defaults.
    for (const { object } of review().objects) {
      if (!["Deployment", "Rollout"].includes(object.kind)) continue;
      const pod = at(object, "spec.template.spec");
      for (const container of pod?.containers ?? [])
        expect([object.metadata.name, container.resources]).toEqual([
          object.metadata.name,
          { requests: defaultRequest, limits: limit },
        ]);
    }
  });
}
