/**
 * `npm run review`: the review-app lifecycle CI drives, against a fake backend (tools/review/ports.ts)
 * and the committed layered example (platform-staging grants shop-staging 2 slots, 72 h). Slot choice,
 * update in place, no free slot, the policy pack, acceptance, the comment, destroy of a missing stack,
 * TTL boundaries, failure isolation, and no secret anywhere the tool writes.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { recordedMarker } from "../tools/review/existing-stacks";
import { reviewSources } from "../tools/review/review-input";
import { ROLLOUTS_CHART } from "../components/platform/services/rollouts";
import { runReviewUp } from "../tools/review/up-run";
import { parse } from "yaml";
import { captured, recorded, SALT, updatedReviewStack as stack } from "./support/fake-review-backend";
import { destroyAndSweepTests } from "./review-lifecycle/destroy-and-sweep";
import { reviewUpSetup as setup } from "./support/review-up-setup";
import { FakeAcceptanceCluster, storefrontTemplates } from "./support/fake-acceptance-cluster";

const SOURCE = "shop-staging";
const DOMAIN = "shop.review.staging.example.com";
/** The ciphertexts of Pulumi.shop-staging.yaml's secrets (their names reach the review stack: its copies hold the same names). */
const SECRETS = [
  "v1:c3RvcmVmcm9udC1kYXRhYmFzZS11cmw=:AAAAAAAAAAAAAAAAstagingSHOPDB",
  "v1:b3JkZXItd29ya2VyLWRhdGFiYXNl:AAAAAAAAAAAAAAAAstagingORDERDB",
];
const NOW = new Date("2026-12-07T09:00:00Z");

describe("up", () => {
  test("a new pull request gets the lowest free slot and a stack deployed with the policy pack", async () => {
    const { dir, backend, up } = setup({ "shop-staging-pr-7": stack(SOURCE, 7, 1) });
    const result = await up();
    expect(result.code).toBe(0);
    expect(backend.calls).toEqual([
      "listStacks",
      "create shop-staging-pr-42",
      "config shop-staging-pr-42",
      "up shop-staging-pr-42",
    ]);
    const file = backend.deployed.get("shop-staging-pr-42")!;
    expect(file).toContain("slipway:review:\n    source: shop-staging\n    pr: 42\n    slot: 2\n");
    expect(file).toContain("rv-shop-2-storefront:");
    expect(file).not.toContain("rv-shop-1-");
    expect(backend.lastUp).toMatchObject({
      policyPacks: [join(dir, "policy")],
      policyPackConfigs: [join(dir, "policy/config/stacks/shop-staging-pr-42.json")],
    });
    // The derived stack file is gone after the run: it is never anyone's to commit.
    expect(readdirSync(dir).filter((f) => f.includes("-pr-"))).toEqual([]);
  });

  test("a new push updates the pull request's own stack in its own slot", async () => {
    const { backend, up } = setup({
      "shop-staging-pr-7": stack(SOURCE, 7, 1),
      "shop-staging-pr-42": stack(SOURCE, 42, 2),
    });
    expect((await up()).code).toBe(0);
    expect(backend.calls).toEqual([
      "listStacks",
      "select shop-staging-pr-42",
      "refresh shop-staging-pr-42",
      "config shop-staging-pr-42",
      "up shop-staging-pr-42",
    ]);
    // The file the update reads keeps the secrets provider's salt and holds only the derived config.
    const file = parse(backend.deployed.get("shop-staging-pr-42")!) as { encryptionsalt: string; config: object };
    expect(file.encryptionsalt).toBe(SALT);
    expect(Object.keys(file.config)).toEqual([
      "aws:region",
      "slipway:apps",
      "slipway:environment",
      "slipway:layer",
      "slipway:platformStack",
      "slipway:review",
      "slipway:secrets",
    ]);
    expect(backend.deployed.get("shop-staging-pr-42")).toContain("slot: 2\n");
    expect([...backend.stacks.keys()].sort()).toEqual(["shop-staging-pr-42", "shop-staging-pr-7"]);
  });

  test("every slot taken: refused, naming who holds them, before anything is created or written", async () => {
    const { dir, backend, up } = setup({
      "shop-staging-pr-7": stack(SOURCE, 7, 1),
      "shop-staging-pr-8": stack(SOURCE, 8, 2),
    });
    const { code, comment } = await up();
    expect(code).toBe(2);
    expect(comment.split("\n").slice(3, 4)).toEqual([
      "No review stack: shop-staging-pr-42: all 2 review slots of shop-staging are taken (slot 1: shop-staging-pr-7, slot 2: shop-staging-pr-8); " +
        "a slot frees when its pull request closes or its stack outlives the grant's ttlHours " +
        "(npm run review -- destroy --source shop-staging --pr <n> frees one now).",
    ]);
    expect(backend.calls).toEqual(["listStacks"]);
    expect(existsSync(join(dir, "Pulumi.shop-staging-pr-42.yaml"))).toBe(false);
  });

  test("a source without a stack file, or without a review grant, is refused before the backend is asked", async () => {
    const { backend } = setup();
    const up = (source: string) =>
      runReviewUp(
        { source, pr: 42, changes: { paths: [] }, policy: {} },
        {
          workspace: backend,
          out: captured(),
          now: () => NOW,
          get: () => Promise.resolve(200),
          waiting: { attempts: 1, intervalMs: 0, sleep: () => Promise.resolve() },
          connect: () => {
            throw new Error("no cluster is reached before the refusal");
          },
          runId: () => "a1b2c3",
        },
      );
    await expect(up("shop-stagin")).rejects.toThrow(
      /Pulumi\.shop-stagin\.yaml: no such stack file; the stacks here are platform-staging, shop-staging/,
    );
    await expect(up("platform-staging")).rejects.toThrow(
      "platform-staging: expected one platform stack to grant it review stacks (slipway:cluster.access.reviewStacks.platform-staging); none does",
    );
    expect(backend.calls).toEqual([]);
  });

  test("only stacks whose name and slipway:review marker agree hold a slot", async () => {
    const { backend, up } = setup({
      "shop-staging-pr-7": {}, // never updated: no marker
      "shop-staging-pr-8": stack(SOURCE, 9, 1), // the marker names another pull request
      "renamed-stack": stack(SOURCE, 10, 2), // a marker under a name that is not a review stack's
      "search-staging-pr-3": stack("search-staging", 3, 1), // another source's slot 1
    });
    expect((await up()).code).toBe(0);
    expect(backend.deployed.get("shop-staging-pr-42")).toContain("slot: 1\n");
  });

  test("after the update, each served copy's smoke check runs at its URL; the comment lists URLs, results, TTL and cleanup", async () => {
    const { requested, up } = setup({}, undefined, "", new FakeAcceptanceCluster(storefrontTemplates(), {}));
    const { code, comment } = await up();
    expect(code).toBe(0);
    // storefront's http healthcheck is /healthz, cart-api's /ready: 3 requests each (the smoke default).
    expect(requested).toEqual([
      ...Array(4).fill(`https://cart-api-pr-42.${DOMAIN}/ready`),
      ...Array(4).fill(`https://storefront-pr-42.${DOMAIN}/healthz`),
    ]);
    expect(comment.split("\n")).toEqual([
      "<!-- slipway-review shop-staging -->",
      "### Review apps of `shop-staging` for #42",
      "",
      "Stack `shop-staging-pr-42` (slot 1 on `platform-staging`): `pulumi up` **succeeded**.",
      "",
      "| app | URL | acceptance | checks |",
      "| --- | --- | --- | --- |",
      `| cart-api | https://cart-api-pr-42.${DOMAIN} | passed: GET /ready: 200, 200, 200 | none declared |`,
      "| order-worker | — | not served | none declared |",
      `| storefront | https://storefront-pr-42.${DOMAIN} | passed: GET /healthz: 200, 200, 200 | passed: smoke, test-e2e |`,
      "",
      "Each push updates this stack. It is removed when the pull request closes, or by the scheduled sweep 72 h after its last update (2026-12-10T09:00:00.000Z).",
      "To remove it now: `npm run review -- destroy --source shop-staging --pr 42`.",
      "",
    ]);
    // docs/review-apps.md shows this table, padded by the formatter.
    const cells = (line: string) => line.split("|").map((cell) => cell.trim().replace(/^-+$/, "-"));
    const shown = readFileSync("docs/review-apps.md", "utf8").split("\n").map(cells);
    for (const row of comment.split("\n").filter((line) => line.startsWith("| ")))
      expect([row, shown.some((line) => line.join("|") === cells(row).join("|"))]).toEqual([row, true]);
  });

  test("a copy that answers outside its accepted statuses fails the run, and the comment says which", async () => {
    const { up } = setup({}, (url) => Promise.resolve(url.includes("storefront") ? 503 : 200));
    const { code, comment } = await up();
    expect(code).toBe(1);
    expect(comment).toContain(
      "| storefront | https://storefront-pr-42.shop.review.staging.example.com | **failed**: GET /healthz: 503, 503, 503 (expected 200-399) | none declared |",
    );
  });

  test("a copy not answering yet is retried, then fails with no answer", async () => {
    const { sleeps, up } = setup({}, () => Promise.resolve(0));
    const { code, comment } = await up();
    expect(code).toBe(1);
    expect(sleeps).toEqual([10, 10, 10, 10]);
    expect(comment).toContain("**failed**: GET /healthz: no answer after 3 tries");
  });

  test("a failed pulumi up fails the run; no check runs, the comment says so, the file is still removed", async () => {
    const { dir, backend, requested, up } = setup();
    backend.upFails.add("shop-staging-pr-42");
    const { code, comment } = await up();
    expect(code).toBe(1);
    expect(requested).toEqual([]);
    expect(comment).toContain("`pulumi up` **failed**");
    expect(comment).toContain(
      "| storefront | https://storefront-pr-42.shop.review.staging.example.com | not run | not run |",
    );
    expect(existsSync(join(dir, "Pulumi.shop-staging-pr-42.yaml"))).toBe(false);
  });

  test("no secret of the source stack reaches the deployed stack file, the comment or the log", async () => {
    const { backend, out, up } = setup({}, () => Promise.resolve(200), "Updating (shop-staging-pr-42)\n");
    const { comment } = await up();
    for (const text of [backend.deployed.get("shop-staging-pr-42")!, comment, out.text()])
      for (const secret of SECRETS) expect([secret, text.includes(secret)]).toEqual([secret, false]);
    expect(out.text()).toContain("Updating (shop-staging-pr-42)");
  });

  test("each copy's review secret is set with --secret, so the deployed file holds only its ciphertext", async () => {
    const { backend, up } = setup({}, () => Promise.resolve(200));
    await up();
    const set = backend.secretsSet.get("shop-staging-pr-42") ?? {};
    expect(Object.keys(set).length).toBeGreaterThan(0);
    const deployed = parse(backend.deployed.get("shop-staging-pr-42") ?? "") as { config: Record<string, any> };
    for (const [key, { value, secret }] of Object.entries(set)) {
      expect([key, secret]).toEqual([key, true]);
      const [, app, name] = key.split(".");
      expect(deployed.config["slipway:secrets"][app][name]).toEqual({ secure: "v1:fake-ciphertext" });
      expect(backend.deployed.get("shop-staging-pr-42")).not.toContain(value);
    }
  });
});

describe("destroy and sweep", () => destroyAndSweepTests(SOURCE, NOW));

test("the marker is read from an update's recorded config, structured or as JSON text, never from a secret", () => {
  // Recorded as an update before copies' originals were (the fake backend's): read with none.
  const marker = { source: SOURCE, pr: 4, slot: 2, originals: {} };
  expect(recordedMarker(recorded(SOURCE, 4, 2))).toEqual(marker);
  const withOriginals = { ...marker, originals: { "rv-shop-2-web": "web" } };
  expect(recordedMarker({ "slipway:review": { value: JSON.stringify(withOriginals), secret: false } })).toEqual(
    withOriginals,
  );
  expect(recordedMarker({ "slipway:review": { value: JSON.stringify(marker), secret: true } })).toBeUndefined();
  expect(recordedMarker({ "slipway:review": { value: '{"source":"x"}', secret: false } })).toBeUndefined();
  expect(recordedMarker(undefined)).toBeUndefined();
});

test("the review workflow's sources: each apps stack a committed platform stack grants review stacks, with that platform", () => {
  expect(reviewSources()).toEqual([{ source: "shop-staging", platform: "platform-staging" }]);
});

test("the upstream behaviour the review tool cites is that of the pinned versions (a bump fails here until re-checked)", () => {
  // tools/review/automation.ts: pulumi/pulumi v3.248.0 sdk/nodejs/automation/localWorkspace.ts.
  const sdk = require.resolve("@pulumi/pulumi/package.json");
  expect(JSON.parse(readFileSync(sdk, "utf8")).version).toBe("3.248.0");
  const localWorkspace = readFileSync(join(dirname(sdk), "automation", "localWorkspace.js"), "utf8");
  expect(localWorkspace).toContain('["config", "refresh", "--force", "--stack", stackName]');
  expect(localWorkspace).toContain('["stack", "rm", "--yes"]');
  expect(localWorkspace).toContain('["stack", "ls", "--json"]');
  // tools/review/acceptance-check.ts and acceptance-jobs.ts: argoproj/argo-rollouts v1.9.0 skips analysis on a
  // first deploy; acceptance-jobs.ts and acceptance-kube-api.ts make and read Jobs as its Job provider does.
  expect(ROLLOUTS_CHART.appVersion).toBe("v1.9.0");
});
