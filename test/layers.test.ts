/**
 * The committed layered example: Pulumi.platform-staging.yaml rendered once, and the two team apps
 * stacks rendered against its outputs as `npm run render` reads them (the platform render's redacted
 * outputs.json). Then what a split deployment promises: the platform holds no app, an apps stack
 * stays in its own namespaces, its routes reach a Gateway, its IRSA roles trust the platform's
 * cluster, and config in the wrong layer (or against the wrong platform) is refused by key.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseStackConfig } from "../config/stack";
import type { PlatformForApps } from "../config/platform-outputs";
import { platformOutputsFile, withPlatform } from "../tools/harness/platform-outputs";
import { renderStack, type RenderResult } from "../tools/harness/render-stack";
import { reviewStackInput, reviewStackOf } from "../tools/review/review-input";
import { appsNotificationTests } from "./layers/apps-notifications";
import { checkImageTests } from "./layers/check-images";
import { reviewAppTests } from "./layers/review-apps";
import type { StackOutputs } from "../tools/harness/run-program";
import { readStackFile } from "../tools/harness/stack-file";
import { tempDir } from "./support/temp-dir";
import { APP_DEPLOYER_RULES } from "../components/eks/app-deployer-rules";
import { describeCommittedStack } from "./support/committed-stack";
import { refusedObjects } from "../tools/harness/admission/stack-admission";
import { H, helmInstalls } from "./support/platform";
import { A } from "./support/aws";
import { attachedListeners, type GatewayObject, type RouteObject } from "./support/route-attachment";
import { at, ofType, rejectedInput, renderStackFile, T } from "./support/stack";

const APPS_STACKS = ["shop-staging", "search-staging"];

/**
 * The review stack's source: the committed layered example, with shop-staging's storefront declaring
 * that it calls cart-api, with open egress (which its review copy must not keep).
 */
function reviewSourceDir(): string {
  const dir = tempDir("review-source-");
  writeFileSync(join(dir, "Pulumi.platform-staging.yaml"), readFileSync("Pulumi.platform-staging.yaml"));
  const source = readFileSync("Pulumi.shop-staging.yaml", "utf8");
  const calling = source.replace(
    "\n    storefront:\n",
    "\n    storefront:\n      network: { egress: open, dependsOn: [cart-api] }\n",
  );
  expect(calling).not.toBe(source);
  writeFileSync(join(dir, "Pulumi.shop-staging.yaml"), calling);
  return dir;
}
const renders = new Map<string, RenderResult>();
let platformOutputs: StackOutputs;

beforeAll(async () => {
  const platform = await renderStackFile("platform-staging");
  renders.set("platform-staging", platform);
  const dir = mkdtempSync(join(tmpdir(), "platform-render-"));
  writeFileSync(join(dir, "outputs.json"), JSON.stringify(platform.outputs));
  platformOutputs = platformOutputsFile(dir);
  // One at a time: each run installs the SDK's (global) mock engine.
  for (const stack of APPS_STACKS) renders.set(stack, await renderStackFile(stack, platformOutputs));
  const review = reviewStackOf({
    source: "shop-staging",
    pr: 42,
    slot: 2,
    changed: ["storefront", "order-worker"],
    dir: reviewSourceDir(),
  });
  renders.set(review.stack, await renderStack(withPlatform(reviewStackInput(review), platformOutputs)));
});

describeCommittedStack("platform-staging", () => renders.get("platform-staging")!);
for (const stack of APPS_STACKS)
  describeCommittedStack(
    stack,
    () => renders.get(stack)!,
    () => renders.get("platform-staging")!,
  );

test("charts are the platform stack's: it installs each service's, an apps stack installs none", () => {
  expect(helmInstalls(renders.get("platform-staging")!).length).toBeGreaterThan(5);
  for (const stack of APPS_STACKS) expect([stack, helmInstalls(renders.get(stack)!)]).toEqual([stack, []]);
});

describe("release notifications of an apps stack", () =>
  appsNotificationTests(
    () => platformOutputs,
    () => renders.get("platform-staging")!,
  ));

describe("review apps", () =>
  reviewAppTests(
    () => renders.get("platform-staging")!,
    () => renders.get("shop-staging-pr-42")!,
  ));

const forApps = () => platformOutputs.values.platformForApps as PlatformForApps;
const appNames = (stack: string) => ofType(renders.get(stack)!, T.app).map((app) => app.name);

test("the platform stack renders no app: no App, repository, app namespace or app route", () => {
  const platform = renders.get("platform-staging")!;
  expect(ofType(platform, T.app)).toEqual([]);
  expect(ofType(platform, A.repository)).toEqual([]);
  expect(ofType(platform, T.httpRoute).map((route) => route.name)).toEqual(["https-redirect"]);
  expect(platform.outputs.apps).toBeUndefined();
});

describe.each(APPS_STACKS)("apps stack %s", (stack) => {
  const result = () => renders.get(stack)!;

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
    const platformNamespaces = renders
      .get("platform-staging")!
      .objects.filter(({ object }) => object.kind === "Namespace")
      .map(({ object }) => object.metadata.name as string);
    expect(platformNamespaces).toEqual(expect.arrayContaining(appNames(stack)));
    // Removing a grant must not delete a namespace, and the team's objects with it.
    for (const ns of ofType(renders.get("platform-staging")!, T.namespace).filter((n) => n.name.includes("-app-ns-")))
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
    const platformGateways = ofType(renders.get("platform-staging")!, H.gateway);
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
    const boundary = ofType(renders.get("platform-staging")!, A.policy).find(
      (p) => p.inputs.name === `${stack}-boundary`,
    );
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
});

describe("a team's route never attaches to another team's hostname, even applied with kubectl", () => {
  const platform = () => renders.get("platform-staging")!;
  const gateways = () =>
    platform()
      .objects.filter(({ object }) => object.kind === "Gateway")
      .map(({ object }) => object as unknown as GatewayObject);
  const namespaceLabels = () =>
    Object.fromEntries(
      platform()
        .objects.filter(({ object }) => object.kind === "Namespace")
        .map(({ object }) => [object.metadata.name, at(object, "metadata.labels") ?? {}]),
    );
  const allParents = () => gateways().map((g) => ({ name: g.metadata.name, namespace: g.metadata.namespace }));
  const crafted = (namespace: string, hostnames?: string[]): RouteObject => ({
    metadata: { namespace },
    spec: { hostnames, parentRefs: allParents() },
  });
  const attached = (route: RouteObject) => attachedListeners(route, gateways(), namespaceLabels());

  test("the semantics evaluated here are the pinned Gateway API's", () => {
    const crds = readFileSync("../shared/upstream/crds/gateway-api-v1.4.0/standard-install.yaml", "utf8");
    for (const text of [
      "only Routes in Namespaces matching this Selector will be selected by this",
      "* Same: Only Routes in the same namespace may be used by this Gateway.",
      "If both the Listener and HTTPRoute have specified hostnames, and none",
      "match with the criteria above, then the HTTPRoute is not accepted.",
    ])
      expect([text, crds.includes(text)]).toEqual([text, true]);
  });

  test("each granted hostname has a listener admitting only its owner's namespaces; the platform wildcard admits none", () => {
    const listeners = gateways().flatMap((g) => g.spec.listeners);
    const byHost = Object.fromEntries(listeners.map((l) => [l.hostname ?? "(http)", l.allowedRoutes]));
    for (const [stack, grant] of Object.entries(forApps().appStacks))
      for (const hostname of grant.hostnames)
        expect([hostname, byHost[hostname]]).toEqual([
          hostname,
          { namespaces: { from: "Selector", selector: { matchLabels: { "slipway.dev/app-stack": stack } } } },
        ]);
    expect(byHost["*.apps.staging.example.com"]).toEqual({ namespaces: { from: "Same" } });
  });

  test("every route the apps stacks render attaches, for each hostname, to a listener of its own stack", () => {
    for (const stack of APPS_STACKS) {
      for (const route of ofType(renders.get(stack)!, T.httpRoute)) {
        const object = route.inputs as unknown as RouteObject;
        for (const host of object.spec.hostnames ?? []) {
          const listeners = attached({ ...object, spec: { ...object.spec, hostnames: [host] } });
          expect([route.name, host, listeners.length > 0]).toEqual([route.name, host, true]);
        }
      }
    }
  });

  test("a route in the search team's namespace naming the shop team's hostnames, with every Gateway as parent, attaches nowhere", () => {
    expect(attached(crafted("search-web", ["shop.staging.example.com", "cart.apps.staging.example.com"]))).toEqual([]);
    // A wildcard over everything, and no hostname at all, reach only the search team's own listeners.
    for (const hostnames of [["*.staging.example.com"], undefined]) {
      const listeners = attached(crafted("search-web", hostnames));
      expect(listeners.length).toBeGreaterThan(0);
      expect(listeners.filter((l) => /shop|cart|wildcard\.apps/.test(l))).toEqual([]);
    }
    // A namespace no apps stack owns reaches nothing, whatever it names.
    expect(attached(crafted("default", ["shop.staging.example.com"]))).toEqual([]);
  });
});

describe("config in the wrong layer or against the wrong platform is refused by key, before anything is registered", () => {
  const raw = (stack: string) =>
    Object.fromEntries(
      Object.entries(readStackFile(`Pulumi.${stack}.yaml`, stack).config)
        .filter(([key]) => key.startsWith("slipway:"))
        .map(([key, text]) => [key.slice(8), /^\s*[[{]/.test(text) ? JSON.parse(text) : text]),
    );
  const problems = (config: Record<string, unknown>, stack: string) => {
    const parsed = parseStackConfig(config, stack);
    return parsed.ok ? [] : parsed.problems.map((p) => `${p.key}: ${p.message}`);
  };

  test("app config in a platform stack, platform config in an apps stack", () => {
    const platform = raw("platform-staging");
    expect(problems({ ...platform, apps: raw("shop-staging").apps }, "platform-staging")).toContain(
      "slipway:apps: is app config: it belongs in an apps stack (slipway:layer: apps), not in platform stack platform-staging",
    );
    const shop = raw("shop-staging");
    expect(problems({ ...shop, cluster: platform.cluster }, "shop-staging")).toContain(
      "slipway:cluster: is platform config: it belongs in the platform stack this apps stack names in slipway:platformStack, not in apps stack shop-staging",
    );
  });

  test("an apps stack without slipway:platformStack, and the key outside an apps stack", () => {
    const { platformStack: _platformStack, ...shop } = raw("shop-staging");
    expect(problems(shop, "shop-staging")).toEqual([
      expect.stringMatching(/^slipway:platformStack: expected the platform stack's name/),
    ]);
    expect(problems({ ...raw("platform-staging"), platformStack: "x" }, "platform-staging")).toEqual([
      "slipway:platformStack: applies only when slipway:layer is apps (it is platform)",
    ]);
  });

  const refusal = async (platform: StackOutputs | undefined) => {
    const input = readStackFile("Pulumi.shop-staging.yaml", "shop-staging");
    const { messages, registered } = await rejectedInput(platform ? withPlatform(input, platform) : input);
    expect(registered).toEqual([]);
    return messages;
  };
  const platformWith = (change: Partial<PlatformForApps>): StackOutputs => ({
    ...platformOutputs,
    values: { ...platformOutputs.values, platformForApps: { ...forApps(), ...change } },
  });

  test("a platformStack that is no platform stack, or one of another shape", async () => {
    expect(await refusal(undefined)).toEqual([
      expect.stringMatching(
        /^slipway:platformStack: platform-staging exports no platformForApps output: expected a platform stack/,
      ),
    ]);
    expect(await refusal(platformWith({ contract: 0 as 3 }))).toEqual([
      expect.stringMatching(
        /^slipway:platformStack: platform-staging exports platformForApps in another shape than this Slipway reads \(contract 3; unexpected at contract\)/,
      ),
    ]);
  });

  describe("check images", () =>
    checkImageTests(
      () => renders.get("platform-staging")!,
      () => forApps(),
      platformWith,
    ));

  test("apps in namespaces the platform does not grant to the stack, and another environment or wave", async () => {
    const grant = forApps().appStacks["shop-staging"];
    const granted = platformWith({
      appStacks: { "shop-staging": { ...grant, namespaces: ["cart-api", "storefront"] } },
    });
    expect(await refusal(granted)).toEqual([
      'slipway:apps.order-worker: runs in namespace "order-worker", which platform stack platform-staging does not grant to this stack: add "order-worker" to slipway:cluster.access.appStacks.shop-staging.namespaces in Pulumi.platform-staging.yaml',
    ]);
    expect(await refusal(platformWith({ environment: "prod", wave: 2 }))).toEqual([
      'slipway:environment: expected prod, the environment of platform stack platform-staging (an apps stack deploys to its platform\'s cluster), got "staging"',
    ]);
  });

  // Attacks on another team's names and data: each passed before the platform's grants named them.
  const shopClaiming = async (change: (apps: Record<string, any>) => void) => {
    const input = readStackFile("Pulumi.shop-staging.yaml", "shop-staging");
    const apps = JSON.parse(input.config["slipway:apps"]);
    change(apps);
    const claimed = { ...input, config: { ...input.config, "slipway:apps": JSON.stringify(apps) } };
    const { messages, registered } = await rejectedInput(withPlatform(claimed, platformOutputs));
    expect(registered).toEqual([]);
    return messages;
  };

  test("another team's hostname is refused by key, naming what the stack is granted", async () => {
    expect(await shopClaiming((apps) => apps.storefront.domains.push("search.staging.example.com"))).toEqual([
      "slipway:apps.storefront.domains[1]: search.staging.example.com is not granted to this stack by platform stack platform-staging (it overlaps search.staging.example.com, granted to stack search-staging); granted: cart.apps.staging.example.com, shop.staging.example.com. The platform grants it in slipway:cluster.access.appStacks.shop-staging.hostnames",
    ]);
  });

  test("a name under another team's DNS suffix, and a wildcard over another team's grants, are refused", async () => {
    const messages = await shopClaiming((apps) => {
      apps.storefront.domains.push("admin.search.staging.example.com");
      apps["cart-api"].domains = ["*.staging.example.com"];
    });
    expect(messages).toEqual([
      "slipway:apps.cart-api.domains[0]: *.staging.example.com is not granted to this stack by platform stack platform-staging (it overlaps *.search.staging.example.com, granted to stack search-staging; search.staging.example.com, granted to stack search-staging; *.shop.review.staging.example.com, granted to stack shop-staging-review); granted: cart.apps.staging.example.com, shop.staging.example.com. The platform grants it in slipway:cluster.access.appStacks.shop-staging.hostnames",
      expect.stringMatching(
        /^slipway:apps\.storefront\.domains\[1\]: admin\.search\.staging\.example\.com is not granted to this stack by platform stack platform-staging \(it overlaps \*\.search\.staging\.example\.com, granted to stack search-staging\); granted: /,
      ),
    ]);
  });

  test("another team's bucket is refused by key", async () => {
    expect(await shopClaiming((apps) => (apps["order-worker"].aws.buckets["search-index"] = "read"))).toEqual([
      "slipway:apps.order-worker.aws.buckets.search-index: search-index is not granted to this stack by platform stack platform-staging; granted: order-exports. The platform grants it in slipway:cluster.access.appStacks.shop-staging.buckets",
    ]);
  });

  test("a platform on an existing cluster, which cannot grant an apps stack its namespaces", async () => {
    const existing = platformWith({ cluster: { mode: "existing", name: "kind-slipway" }, appStacks: {} });
    expect(await refusal(existing)).toContainEqual(
      expect.stringMatching(
        /^slipway:platformStack: platform stack platform-staging runs on an existing cluster .*put these apps in a single stack instead$/,
      ),
    );
  });

  test("a wave other than the platform's", async () => {
    const input = readStackFile("Pulumi.shop-staging.yaml", "shop-staging");
    const waved = { ...input, config: { ...input.config, "slipway:wave": "2" } };
    expect((await rejectedInput(withPlatform(waved, platformOutputs))).messages).toEqual([
      "slipway:wave: expected 1, the wave of platform stack platform-staging, or no wave at all (an apps stack deploys in its platform's wave), got 2",
    ]);
  });

  test("app settings the platform cannot serve name the platform stack's key", async () => {
    const services = { ...forApps().services, rollouts: false, monitoring: false };
    expect(await refusal(platformWith({ services }))).toEqual([
      "slipway:apps.storefront.strategy.type: blueGreen needs the Argo Rollouts controller, but slipway:platform.rollouts.enabled is false (in platform stack platform-staging)",
    ]);
  });
});

describe("one team against another on the shared cluster, with kubectl: the platform's admission refuses", () => {
  const platform = () => renders.get("platform-staging")!.objects;
  const objectOf = (stack: string, kind: string, name: string) =>
    structuredClone(
      renders.get(stack)!.objects.find((o) => o.object.kind === kind && o.object.metadata.name === name)!,
    );

  test("shop-staging's service account annotated with search-staging's rendered IRSA role", () => {
    const theirs = objectOf("search-staging", "ServiceAccount", "indexer");
    const ours = objectOf("shop-staging", "ServiceAccount", "order-worker");
    (ours.object.metadata as any).annotations = (theirs.object.metadata as any).annotations;
    expect(refusedObjects([theirs], platform())).toEqual([]);
    expect(refusedObjects([ours], platform()).map((r) => r.denials.map((d) => d.policy))).toEqual([
      ["slipway-tenant-irsa-roles"],
    ]);
  });

  test("shop-staging's own Deployment, made privileged with the node's root filesystem mounted", () => {
    const deployment = objectOf("shop-staging", "Deployment", "cart-api-web");
    const pod = (deployment.object as any).spec.template.spec;
    pod.hostPID = true;
    pod.volumes = [...(pod.volumes ?? []), { name: "node", hostPath: { path: "/" } }];
    pod.containers[0].securityContext = { ...pod.containers[0].securityContext, privileged: true };
    expect(refusedObjects([objectOf("shop-staging", "Deployment", "cart-api-web")], platform())).toEqual([]);
    expect(refusedObjects([deployment], platform()).map((r) => r.denials.map((d) => d.policy))).toEqual([
      ["slipway-tenant-host-access"],
    ]);
  });
});
