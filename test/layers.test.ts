/**
 * The committed layered example: Pulumi.platform-staging.yaml rendered once, and the two team apps
 * stacks rendered against its outputs as `npm run render` reads them (the platform render's redacted
 * outputs.json). Then what a split deployment promises: the platform holds no app, an apps stack
 * stays in its own namespaces, its routes reach a Gateway, its IRSA roles trust the platform's
 * cluster, and config in the wrong layer (or against the wrong platform) is refused by key. Each
 * part in test/layers/ registers its tests on these renders inside its own describe.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PlatformForApps } from "../config/platform-outputs";
import { platformOutputsFile, withPlatform } from "../tools/harness/platform-outputs";
import { MOCK_ACCOUNT } from "../tools/harness/mock-cloud";
import { mockDigest } from "../tools/harness/mock-digests";
import { renderStack, type RenderResult } from "../tools/harness/render-stack";
import { reviewStackInput, reviewStackOf } from "../tools/review/review-input";
import { appsNotificationTests } from "./layers/apps-notifications";
import { appsStackTests } from "./layers/apps-stacks";
import { reviewAppTests } from "./layers/review-apps";
import { routeIsolationTests } from "./layers/route-isolation";
import { wrongLayerTests } from "./layers/wrong-layer";
import type { StackOutputs } from "../tools/harness/run-program";
import { tempDir } from "./support/temp-dir";
import { describeCommittedStack } from "./support/committed-stack";
import { refusedObjects } from "../tools/harness/admission/stack-admission";
import { helmInstalls } from "./support/platform";
import { A } from "./support/aws";
import { at, ofType, renderStackFile, T } from "./support/stack";

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
let reviewInput: ReturnType<typeof reviewStackInput>;

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
  reviewInput = reviewStackInput(review);
  renders.set(review.stack, await renderStack(withPlatform(reviewInput, platformOutputs)));
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

/** Each namespace's workload images (Deployments' and Rollouts' pod templates), sorted. */
function workloadImages(result: RenderResult): Record<string, string[]> {
  const images: Record<string, string[]> = {};
  for (const workload of [...ofType(result, T.deployment), ...ofType(result, T.rollout)]) {
    const containers: Array<{ image: string }> = at(workload.inputs, "spec.template.spec.containers") ?? [];
    const namespace: string = at(workload.inputs, "metadata.namespace");
    images[namespace] = [...(images[namespace] ?? []), ...containers.map((c) => c.image)].sort();
  }
  return images;
}

const repositories = (result: RenderResult) =>
  ofType(result, A.repository).map((r) => ({
    name: String(r.inputs.name),
    forceDelete: r.inputs.forceDelete,
    protect: r.options.protect,
    retainOnDelete: r.options.retainOnDelete,
  }));

test("a review copy runs exactly its original's image: from its original's own repository when it has one, and the review stack makes no repository it would not push to", () => {
  const source = workloadImages(renders.get("shop-staging")!);
  const review = workloadImages(renders.get("shop-staging-pr-42")!);
  const copied = ["cart-api", "order-worker", "storefront"];
  expect(copied.map((app) => [app, review[`rv-shop-2-${app}`]])).toEqual(copied.map((app) => [app, source[app]]));
  // order-worker runs a digest of its own repository: its copy pulls it from there, not from an empty one of its own.
  expect(review["rv-shop-2-order-worker"]).toEqual([
    expect.stringMatching(/\/slipway\/shop-staging\/order-worker@sha256:/),
  ]);
  expect(repositories(renders.get("shop-staging-pr-42")!)).toEqual([]);
});

test("only a review copy that builds gets an ECR repository, which destroy deletes with its images even where the platform protects repositories; a copy of a tag pins it in its original's repository", async () => {
  // ECR's DeleteRepository refuses a repository that holds images unless forced; a protected one the engine will not delete at all.
  // Copied through JSON: structuredClone makes arrays of the outer realm, which the SDK's serializer (in jest's) takes for plain objects.
  const protecting = JSON.parse(JSON.stringify(platformOutputs)) as StackOutputs;
  Object.assign((protecting.values.platformForApps as PlatformForApps).registry, { protect: true });
  // Only a copy that builds pushes, so only it gets a repository: storefront built from source here,
  // and order-worker running a tag of its own repository, which its copy pins in that repository.
  const dir = reviewSourceDir();
  const file = join(dir, "Pulumi.shop-staging.yaml");
  const source = readFileSync(file, "utf8");
  const changed = source
    .replace(
      '      image:\n        repository: ghcr.io/acme/storefront\n        tag: "1.5.0"\n',
      "      build: { context: examples/hello }\n",
    )
    .replace(/(?<=\n {4}order-worker:\n {6}image:\n) {8}digest: sha256:[0-9a-f]{64}\n/, '        tag: "2.1.0"\n');
  expect(changed.match(/build: \{ context: examples\/hello \}|tag: "2\.1\.0"/g)).toHaveLength(2);
  writeFileSync(file, changed);
  const request = { source: "shop-staging", pr: 42, slot: 2, changed: ["storefront", "order-worker"], dir };
  const review = await renderStack(withPlatform(reviewStackInput(reviewStackOf(request)), protecting));
  expect(repositories(review)).toEqual([
    {
      name: "slipway/shop-staging-pr-42/rv-shop-2-storefront",
      forceDelete: true,
      protect: false,
      retainOnDelete: false,
    },
  ]);
  // The mock registry answers each repository and tag with a digest of its own (mock-digests.ts).
  const original = "slipway/shop-staging/order-worker";
  expect(workloadImages(review)["rv-shop-2-order-worker"]).toEqual([
    `${MOCK_ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/${original}@${mockDigest(`${original}:2.1.0`)}`,
  ]);
  // The source stack's own repositories keep their images.
  const own = repositories(renders.get("shop-staging")!);
  expect(own.length).toBeGreaterThan(0);
  for (const repository of own) expect(repository).toEqual({ ...repository, forceDelete: false });
  // docs/review-apps.md scopes the review role to its repositories, apart from the deploy role's
  // (docs/deploy-role-policy.json, `<repository-prefix>/*`): an IAM resource `*` matches any characters.
  expect(readFileSync("docs/review-apps.md", "utf8")).toContain("`slipway/<apps stack>-pr-*`");
  const glob = (pattern: string) => new RegExp(`^${pattern.replaceAll(".", "\\.").replaceAll("*", ".*")}$`);
  const scopes = (name: string) => [
    glob("slipway/shop-staging-pr-*").test(name),
    glob("slipway/shop-staging/*").test(name),
  ];
  expect(repositories(review).map((r) => scopes(r.name))).toEqual([[true, false]]);
  for (const repository of own) expect(scopes(repository.name)).toEqual([false, true]);
});

test("the review repositories rely on the pinned pulumi-aws's contracts, as components/registry.ts cites them", () => {
  // A bump re-reads them and moves the citations (pulumi/pulumi-aws v7.48.0, sdk/nodejs/ecr/repository.ts
  // and ecr/getAuthorizationToken.ts).
  const aws = "node_modules/@pulumi/aws";
  expect(JSON.parse(readFileSync(`${aws}/package.json`, "utf8")).version).toBe("7.48.0");
  const repository = readFileSync(`${aws}/ecr/repository.d.ts`, "utf8");
  // Deleting a repository that holds images.
  expect(repository).toContain(
    "If `true`, will delete the repository even if it contains images.\n     * Defaults to `false`.\n     */\n    readonly forceDelete",
  );
  // A copy's pull from its original's repository: both name the registry <account>.dkr.ecr.<region>.amazonaws.com.
  expect(readFileSync(`${aws}/ecr/getAuthorizationToken.d.ts`, "utf8")).toContain(
    "Registry URL to use in the docker login command.\n     */\n    readonly proxyEndpoint: string;",
  );
  expect(repository).toContain(
    "The URL of the repository (in the form `aws_account_id.dkr.ecr.region.amazonaws.com/repositoryName`).\n     */\n    readonly repositoryUrl",
  );
});

const render = (stack: string) => renders.get(stack)!;
const forApps = () => platformOutputs.values.platformForApps as PlatformForApps;

test("the platform stack renders no app: no App, repository, app namespace or app route", () => {
  const platform = renders.get("platform-staging")!;
  expect(ofType(platform, T.app)).toEqual([]);
  expect(ofType(platform, A.repository)).toEqual([]);
  expect(ofType(platform, T.httpRoute).map((route) => route.name)).toEqual(["https-redirect"]);
  expect(platform.outputs.apps).toBeUndefined();
});

describe.each(APPS_STACKS)("apps stack %s", (stack) => appsStackTests(stack, render, forApps));

describe("a team's route never attaches to another team's hostname, even applied with kubectl", () =>
  routeIsolationTests(render, forApps, APPS_STACKS));

describe("config in the wrong layer or against the wrong platform is refused by key, before anything is registered", () =>
  wrongLayerTests(render, () => platformOutputs));

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
