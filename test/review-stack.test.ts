/**
 * The review stack a pull request gets (config/review-stack.ts), as a pure function of the source apps
 * stack's file and its platform's review grant: naming, which apps are copied, what a copy keeps and
 * loses, and every problem named by its key. No render: the render-backed checks are in
 * test/layers/review-apps.ts.
 */
import { deriveReviewStack, type ReviewRequest, type ReviewStack } from "../config/review-stack";
import type { ConfigProblem } from "../config/errors";

const GRANT = {
  roleArn: "arn:aws:iam::123456789012:role/review-shop",
  namespacePrefix: "rv-shop-",
  domain: "shop.review.example.com",
  slots: 3,
  ttlHours: 48,
};

const platform = (grant: Record<string, unknown> = GRANT) => ({
  stack: "platform-staging",
  config: {
    "aws:region": "eu-west-1",
    "slipway:layer": "platform",
    "slipway:environment": "staging",
    "slipway:cluster": {
      mode: "eks",
      access: {
        appStacks: {
          "shop-prod": {
            roleArn: "arn:aws:iam::123456789012:role/deploy-shop",
            namespaces: ["web", "api", "worker"],
          },
        },
        reviewStacks: { "shop-prod": grant },
      },
    },
  },
});

const REVIEW_DATABASE = "postgres://review:review@review-db.example.com/web";

const SOURCE = {
  stack: "shop-prod",
  config: {
    "aws:region": "us-east-1",
    "slipway:layer": "apps",
    "slipway:environment": "prod",
    "slipway:platformStack": "platform-prod",
    "slipway:wave": 2,
    "slipway:apps": {
      web: {
        image: { repository: "ghcr.io/acme/web", tag: "1.0.0" },
        domains: ["www.example.com", "example.com"],
        autoscale: { min: 3, max: 10, cpuPercent: 70 },
        resources: { cpu: "2", memory: "4Gi", cpuLimit: "4", memoryLimit: "8Gi" },
        network: { egress: "open", dependsOn: ["api"] },
        strategy: { type: "blueGreen" },
        review: { secrets: { DATABASE_URL: REVIEW_DATABASE } },
      },
      api: {
        image: { repository: "ghcr.io/acme/api", tag: "2.0.0" },
        replicas: 4,
        domains: ["api.internal.example.com"],
        routable: false,
        aws: { buckets: { exports: "readWrite" } },
        serviceAccount: { iamRoleArn: "arn:aws:iam::123456789012:role/prod-api", automountToken: true },
      },
      worker: {
        image: { repository: "ghcr.io/acme/worker", tag: "3.0.0" },
        processes: { worker: { command: ["bin/work"], replicas: 6, resources: { cpu: "1" } } },
      },
    },
    "slipway:secrets": { web: { DATABASE_URL: { secure: "v1:cHJvZHVjdGlvbg==" } } },
  },
};

const request = (overrides: Partial<ReviewRequest> = {}): ReviewRequest => ({
  source: SOURCE,
  platform: platform(),
  pr: 42,
  slot: 2,
  changed: ["web"],
  ...overrides,
});

function derived(overrides: Partial<ReviewRequest> = {}): ReviewStack {
  const result = deriveReviewStack(request(overrides));
  if (Array.isArray(result)) throw new Error(result.map((p) => `${p.key}: ${p.message}`).join("\n"));
  return result;
}

function problems(overrides: Partial<ReviewRequest> = {}): ConfigProblem[] {
  const result = deriveReviewStack(request(overrides));
  if (!Array.isArray(result)) throw new Error(`expected problems, got the stack ${result.stack}`);
  return result;
}

const apps = (stack: ReviewStack) => stack.config["slipway:apps"] as Record<string, Record<string, any>>;

test("a PR's review stack is named after its source stack and number, and runs on the granting platform's environment", () => {
  const stack = derived();
  expect(stack.stack).toBe("shop-prod-pr-42");
  expect(stack.ttlHours).toBe(48);
  expect(stack.config["slipway:layer"]).toBe("apps");
  expect(stack.config["slipway:platformStack"]).toBe("platform-staging");
  expect(stack.config["slipway:environment"]).toBe("staging");
  expect(stack.config["aws:region"]).toBe("eu-west-1");
  expect(stack.config["slipway:review"]).toEqual({
    source: "shop-prod",
    pr: 42,
    slot: 2,
    originals: { "rv-shop-2-api": "api", "rv-shop-2-web": "web" },
  });
  expect(stack.config["slipway:wave"]).toBeUndefined();
});

test("it copies the changed apps and the apps they call, each into its slot's namespace, at <app>-pr-<n>.<domain>", () => {
  const stack = derived();
  expect(Object.keys(apps(stack))).toEqual(["rv-shop-2-api", "rv-shop-2-web"]);
  expect(stack.copies).toEqual([
    { app: "api", copy: "rv-shop-2-api" },
    { app: "web", copy: "rv-shop-2-web", url: "https://web-pr-42.shop.review.example.com" },
  ]);
  expect(apps(stack)["rv-shop-2-web"].domains).toEqual(["web-pr-42.shop.review.example.com"]);
  // Its egress is restricted though the original's is open: it reaches its own copies, never the originals.
  expect(apps(stack)["rv-shop-2-web"].network).toEqual({ egress: "restricted", dependsOn: ["rv-shop-2-api"] });
  expect(apps(stack)["rv-shop-2-api"].network).toEqual({ egress: "restricted", dependsOn: [] });
  // An app that is not routed stays unrouted: its production domains are not copied either.
  expect(apps(stack)["rv-shop-2-api"].domains).toBeUndefined();
});

test("a copy runs one small pod, keeps its release strategy, and has no AWS access, IAM role or secret of the original", () => {
  const stack = derived({ changed: "all" });
  const copies = apps(stack);
  for (const name of Object.keys(copies)) {
    expect([name, copies[name].replicas, copies[name].autoscale]).toEqual([name, 1, undefined]);
    expect([name, copies[name].resources]).toEqual([
      name,
      { cpu: "50m", memory: "64Mi", cpuLimit: "250m", memoryLimit: "256Mi" },
    ]);
    expect([name, copies[name].aws]).toEqual([name, undefined]);
  }
  expect(copies["rv-shop-2-worker"].processes).toEqual({ worker: { command: ["bin/work"] } });
  expect(copies["rv-shop-2-api"].serviceAccount).toEqual({ automountToken: true });
  expect(copies["rv-shop-2-web"].strategy).toEqual({ type: "blueGreen" });
  expect(stack.config["slipway:secrets"]).toEqual({ "rv-shop-2-web": { DATABASE_URL: REVIEW_DATABASE } });
  expect(copies["rv-shop-2-web"].review).toBeUndefined();
  expect(JSON.stringify(stack.config)).not.toContain("cHJvZHVjdGlvbg");
});

test("a review copy's secret without the review value its app declares is refused by key, as is a review value for no secret", () => {
  const { review: _review, ...web } = SOURCE.config["slipway:apps"].web;
  const apps = {
    ...SOURCE.config["slipway:apps"],
    web,
    api: { ...SOURCE.config["slipway:apps"].api, review: { secrets: { TOKEN: "x" } } },
  };
  const source = { ...SOURCE, config: { ...SOURCE.config, "slipway:apps": apps } };
  expect(problems({ source })).toEqual([
    {
      key: "slipway:apps.api.review.secrets.TOKEN",
      message: "is not a secret of api: slipway:secrets.api holds none",
    },
    {
      key: "slipway:apps.web.review.secrets.DATABASE_URL",
      message:
        "expected the value DATABASE_URL takes in review stacks (a non-production placeholder): a review copy never gets slipway:secrets.web.DATABASE_URL",
    },
  ]);
  // A copy of an app with no secret needs no review value, and an app left out needs none either.
  expect(derived({ source, changed: ["worker"] }).copies.map((copy) => copy.app)).toEqual(["worker"]);
  expect(JSON.stringify(problems({ source }))).not.toContain("cHJvZHVjdGlvbg");
});

test("the same request gives byte-identical config", () => {
  expect(JSON.stringify(derived({ changed: ["web", "worker"] }))).toBe(
    JSON.stringify(derived({ changed: ["worker", "web"] })),
  );
});

test("a change to no app of the stack gives a review stack with no copies", () => {
  expect(derived({ changed: ["not-an-app"] }).copies).toEqual([]);
});

test("a platform that grants the stack nothing, a slot outside the grant and a bad PR number are named by key", () => {
  expect(problems({ platform: { ...platform(), config: { "slipway:layer": "platform" } } })).toEqual([
    {
      key: "slipway:cluster.access.reviewStacks.shop-prod",
      message: "platform stack platform-staging grants shop-prod no review stacks",
    },
  ]);
  expect(problems({ slot: 4, pr: 0 }).map((p) => p.key)).toEqual(["pr", "slot"]);
  expect(problems({ slot: 4 })[0].message).toBe("expected a slot from 1 to 3 (the grant's slots), got 4");
});

test("a changed app, or one it calls, that the grant does not list is refused at the grant's apps", () => {
  expect(problems({ platform: platform({ ...GRANT, apps: ["web"] }) })).toEqual([
    {
      key: "slipway:cluster.access.reviewStacks.shop-prod.apps",
      message: "does not list api, which the pull request needs (network.dependsOn); reviewable: web",
    },
  ]);
});

test("every app changed (shared code, a new stack file) copies the apps the grant reviews, not the rest", () => {
  const stack = derived({ platform: platform({ ...GRANT, apps: ["web", "api"] }), changed: "all" });
  expect(stack.copies.map((copy) => copy.app)).toEqual(["api", "web"]);
});

test("a review stack name Pulumi would refuse is refused before anything is derived", () => {
  const long = "s".repeat(95);
  const result = problems({
    source: { ...SOURCE, stack: long },
    platform: { ...platform(), config: withReviewGrantFor(long) },
  });
  expect(result).toEqual([
    { key: "stack", message: expect.stringContaining(`the review stack ${long}-pr-42: expected a Pulumi stack name`) },
  ]);
});

function withReviewGrantFor(source: string): Record<string, unknown> {
  return {
    "slipway:environment": "staging",
    "slipway:cluster": { access: { reviewStacks: { [source]: { ...GRANT, apps: ["web", "api"] } } } },
  };
}
