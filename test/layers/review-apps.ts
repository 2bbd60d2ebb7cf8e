/**
 * Review apps on the committed layered example: platform-staging's review grant for shop-staging and
 * the review stack pull request 42 gets (config/review-stack.ts), rendered against the platform's
 * outputs. The PR changes storefront and order-worker, and storefront is made to call cart-api with
 * open egress (test/layers.test.ts), so cart-api is copied too. What the platform enforces in the
 * cluster (slot namespaces, their quota, limits, labels and deployer binding, the review listener) and
 * what the review stack may and may not do there: reach, secrets, routes.
 */
import { readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { parseCidr, type Cidr } from "../../config/cidr";
import { parseQuantity } from "../../config/quantity";
import { RELEASE_CHECK_EGRESS } from "../../components/app/network-policy";
import { manifestFiles, resourceRecords } from "../../tools/harness/render-files";
import { readStackFile } from "../../tools/harness/stack-file";
import { mandatory } from "../../tools/harness/policy-eval";
import { refusedObjects } from "../../tools/harness/admission/stack-admission";
import type { RenderResult } from "../../tools/harness/render-stack";
import { A } from "../support/aws";
import { attachedListeners, type GatewayObject, type RouteObject } from "../support/route-attachment";
import { at, ofType, T } from "../support/stack";
import { acceptanceJobs } from "../../tools/review/acceptance-jobs";
import { APP_DEPLOYER_ROLE, APP_DEPLOYER_RULES } from "../../components/eks/app-deployer-rules";

/** platform-staging's grant, as its stack file states it. */
const SLOTS = [1, 2];
const SHOP_NAMESPACES = ["cart-api", "order-worker", "storefront"];
const TENANT = "shop-staging-review";
const DOMAIN = "shop.review.staging.example.com";

/** The review stack's copies: the changed storefront and order-worker, and cart-api, which storefront calls. */
const COPIES = ["rv-shop-2-cart-api", "rv-shop-2-order-worker", "rv-shop-2-storefront"];

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
    expect([...namespaces].sort()).toEqual(COPIES);
    for (const kind of ["Namespace", "ResourceQuota", "LimitRange"]) expect(objectsOf(review(), kind)).toEqual([]);
  });

  test("its routes serve <app>-pr-42.<review domain> and attach to the review listener, which no team namespace reaches", () => {
    const gateways = objectsOf(platform(), "Gateway") as GatewayObject[];
    const labels = Object.fromEntries(
      objectsOf(platform(), "Namespace").map((ns) => [ns.metadata.name, ns.metadata.labels ?? {}]),
    );
    const routes = ofType(review(), T.httpRoute).map((route) => route.inputs as unknown as RouteObject);
    expect(routes.map((route) => route.spec.hostnames).sort()).toEqual([
      [`cart-api-pr-42.${DOMAIN}`],
      [`storefront-pr-42.${DOMAIN}`],
    ]);
    const route = routes.find((r) => r.metadata.namespace === "rv-shop-2-storefront")!;
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

  test("no secret value of the source stack reaches the review render: its copies hold the review values their apps declare, redacted", () => {
    const file = readFileSync("Pulumi.shop-staging.yaml", "utf8");
    const ciphertexts = [...file.matchAll(/secure: (v1:\S+)/g)].map((match) => match[1]);
    // The offline render stands each source secret in by a placeholder: the source's own render carries those.
    const placeholders = [
      ...JSON.stringify(readStackFile("Pulumi.shop-staging.yaml", "shop-staging").config["slipway:secrets"]).matchAll(
        /placeholder-[0-9a-f]+/g,
      ),
    ].map((match) => match[0]);
    const reviewValues = [...file.matchAll(/DATABASE_URL: (postgres:\S+)/g)].map((match) => match[1]);
    expect([ciphertexts.length, placeholders.length, reviewValues.length]).toEqual([2, 2, 2]);
    const written = [
      ...manifestFiles(review()).values(),
      JSON.stringify(resourceRecords(review())),
      JSON.stringify(review().outputs),
    ].join("\n");
    for (const value of [...ciphertexts, ...placeholders, ...reviewValues])
      expect([value, written.includes(value)]).toEqual([value, false]);
    // What is written is redacted: the registrations themselves (what a real update would send) hold no source value either.
    const registered = JSON.stringify([review().resources, review().objects]);
    for (const value of [...ciphertexts, ...placeholders])
      expect([value, registered.includes(value)]).toEqual([value, false]);
    const secrets = objectsOf(review(), "Secret").map((secret) => [
      secret.metadata.namespace,
      secret.stringData ?? secret.data,
    ]);
    expect(secrets.sort()).toEqual([
      ["rv-shop-2-order-worker", { DATABASE_URL: reviewValues[1] }],
      ["rv-shop-2-storefront", { DATABASE_URL: reviewValues[0] }],
    ]);
  });

  test("neither the pack nor admission refuses the review stack, and its objects match their schemas", () => {
    expect(mandatory(review().verdicts)).toEqual([]);
    expect(review().schemaProblems).toEqual([]);
    expect(refusedObjects(review().objects, platform().objects)).toEqual([]);
  });

  test("the review tool's acceptance Jobs, made from the copies' applied templates, are admitted and within the review role's rules", () => {
    const templates = objectsOf(review(), "AnalysisTemplate");
    const jobs = templates.flatMap((t) => acceptanceJobs([t], t.metadata.namespace, "pr42-a1b2c3"));
    expect(jobs.map(({ job }) => job.metadata.name)).toContain("smoke-pr42-a1b2c3");
    const asCreated = jobs.map(({ job }) => ({ registration: jobs as never, object: job as never }));
    expect(refusedObjects(asCreated, [...platform().objects, ...review().objects])).toEqual([]);
    // Every call of tools/review/acceptance-kube-api.ts, in a slot namespace bound to the deployer role.
    const calls = [
      ["argoproj.io", "analysistemplates", "list"],
      ["batch", "jobs", "create"],
      ["batch", "jobs", "get"],
      ["batch", "jobs", "delete"],
      ["", "pods", "list"],
      ["", "pods/log", "get"],
    ];
    const allowed = ([group, resource, verb]: string[]) =>
      APP_DEPLOYER_RULES.some(
        (r) => r.apiGroups.includes(group) && r.resources.includes(resource) && r.verbs.includes(verb),
      );
    expect(calls.filter((call) => !allowed(call))).toEqual([]);
    const bound = objectsOf(platform(), "RoleBinding").filter((b) => b.metadata.namespace === COPIES[2]);
    expect(bound.map((b) => b.roleRef.name)).toEqual([APP_DEPLOYER_ROLE]);
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
  test("a copy's egress reaches DNS, the router, its own namespace, the copies it calls and HTTPS outside the cluster's networks, nothing else", () => {
    const vpc = parseCidr(String(ofType(platform(), A.vpc)[0].inputs.cidrBlock))!;
    const reach = new Map<string, string[]>();
    for (const policy of objectsOf(review(), "NetworkPolicy")) {
      if (!policy.spec.policyTypes.includes("Egress")) continue;
      const namespace = policy.metadata.namespace;
      if (policy.metadata.name === RELEASE_CHECK_EGRESS) {
        // The release check's pods alone reach the API server (components/app/network-policy.ts).
        expect(policy.spec.podSelector).toEqual({ matchLabels: { "app.kubernetes.io/component": "rollout-check" } });
        expect(policy.spec.egress).toEqual([{ ports: [{ protocol: "TCP", port: 443 }] }]);
        reach.set(namespace, [...(reach.get(namespace) ?? []), "the release check: HTTPS anywhere"]);
        continue;
      }
      expect([policy.metadata.name, policy.spec.podSelector]).toEqual([policy.metadata.name, {}]);
      for (const rule of policy.spec.egress ?? []) {
        expect([policy.metadata.name, (rule.to ?? []).length > 0]).toEqual([policy.metadata.name, true]);
        for (const peer of rule.to)
          reach.set(namespace, [...(reach.get(namespace) ?? []), destination(peer, rule.ports, vpc)]);
      }
    }
    const common = ["HTTPS outside the VPC", "dns in kube-system", "own namespace", "slipway-router on 8000, 8443"];
    expect(Object.fromEntries([...reach].map(([namespace, to]) => [namespace, [...new Set(to)].sort()]))).toEqual({
      "rv-shop-2-cart-api": common,
      "rv-shop-2-order-worker": common,
      "rv-shop-2-storefront": [
        ...common,
        "rv-shop-2-cart-api web pods on 9090",
        "the release check: HTTPS anywhere",
      ].sort(),
    });
  });

  test("the copy a copy calls admits only that copy's namespace, beside its own and the router", () => {
    const ingress = objectsOf(review(), "NetworkPolicy")
      .filter(
        (policy) => policy.metadata.namespace === "rv-shop-2-cart-api" && policy.spec.policyTypes.includes("Ingress"),
      )
      .flatMap((policy) => (policy.spec.ingress ?? []).flatMap((rule: any) => rule.from ?? []))
      .map((peer: any) =>
        isDeepStrictEqual(peer, { podSelector: {} })
          ? "own namespace"
          : (peer.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"] ?? JSON.stringify(peer)),
      );
    expect([...new Set(ingress)].sort()).toEqual(["own namespace", "rv-shop-2-storefront", "slipway-router"]);
  });
}

/** Whether `inner` lies within `outer`. */
function contains(outer: Cidr, inner: Cidr): boolean {
  const size = 2 ** (32 - outer.prefix);
  return inner.prefix >= outer.prefix && Math.floor(inner.base / size) === Math.floor(outer.base / size);
}

/**
 * Where one egress peer lets a pod connect, in words; anything unexpected is shown whole. A peer's
 * selectors read as kubernetes/api v0.33.13 networking/v1/types.go (NetworkPolicyPeer) states: an empty
 * podSelector alone is every pod of the policy's namespace; with a namespaceSelector, the matching pods
 * of the matching namespaces.
 */
function destination(peer: any, ports: Array<{ port: number }> | undefined, vpc: Cidr): string {
  const on =
    ports === undefined
      ? ""
      : ` on ${ports
          .map((p) => p.port)
          .filter((p, i, all) => all.indexOf(p) === i)
          .join(", ")}`;
  const keys = Object.keys(peer).sort().join(",");
  const names = peer.namespaceSelector?.matchLabels;
  const byName =
    peer.namespaceSelector !== undefined &&
    Object.keys(peer.namespaceSelector).join() === "matchLabels" &&
    Object.keys(names).join() === "kubernetes.io/metadata.name";
  if (byName && keys === "namespaceSelector") {
    const name = names["kubernetes.io/metadata.name"];
    return name === "kube-system" && on === " on 53" ? "dns in kube-system" : `${name}${on}`;
  }
  // A dependency: the web pods of the app in that namespace (an app's namespace is its name).
  const name = byName ? names["kubernetes.io/metadata.name"] : undefined;
  const web = { "app.kubernetes.io/component": "web", "app.kubernetes.io/name": name };
  if (keys === "namespaceSelector,podSelector" && isDeepStrictEqual(peer.podSelector, { matchLabels: web }))
    return `${name} web pods${on}`;
  if (keys === "podSelector" && Object.keys(peer.podSelector).length === 0 && ports === undefined)
    return "own namespace";
  if (keys === "ipBlock" && peer.ipBlock.cidr === "0.0.0.0/0" && on === " on 443") {
    const excepted = (peer.ipBlock.except ?? []).map((cidr: string) => parseCidr(cidr)!);
    if (excepted.some((block: Cidr) => contains(block, vpc))) return "HTTPS outside the VPC";
  }
  return JSON.stringify({ peer, ports });
}
