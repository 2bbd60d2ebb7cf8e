/**
 * `npm run promote` through its ports: the source stack's recorded history (fixture), the stack files
 * as committed in this repository, and fakes for the git remote and GitHub; then the real git port
 * against a throwaway repository and its remote (test/promote-run/git-port.ts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { UpdateSummary } from "@pulumi/pulumi/automation";
import { parse } from "yaml";
import { PromotionRefusal } from "../tools/promotion/choose";
import type { PromotionRepo, PullRequests } from "../tools/promotion/ports";
import { runPromote, type PromoteOptions } from "../tools/promotion/promote-run";
import { promotionNote } from "../tools/promotion/note";
import { parseTrailers } from "../tools/promotion/trailer";
import { captureOutput, fakePrompt, fakeStacks } from "./support/fake-stack";
import { loadHistory, SECRET_VALUES } from "./support/history";
import { gitPortTests } from "./promote-run/git-port";

const history = loadHistory("history-prod.json");
const DIGEST = `sha256:${"c".repeat(64)}`;
const OLDER = `sha256:${"d".repeat(64)}`;
const recorded = {
  storefront: [
    { config: { name: "c2", resource: "c2" }, image: `ghcr.io/acme/storefront@${DIGEST}`, version: "1.5.1" },
    { config: { name: "c1", resource: "c1" }, image: `ghcr.io/acme/storefront@${OLDER}`, version: "1.4.1" },
  ],
};
const stackFile = (stack: string) => readFileSync(join(__dirname, "..", `Pulumi.${stack}.yaml`), "utf8");

function fakeRepo(files: Record<string, string | undefined> = {}) {
  const events: string[] = [];
  const commits: Array<Parameters<PromotionRepo["commitStackFile"]>[0]> = [];
  const repo: PromotionRepo = {
    async base(base) {
      events.push(`base ${base}`);
      return { commit: "b".repeat(40), read: async (stack) => (stack in files ? files[stack] : stackFile(stack)) };
    },
    async commitStackFile(args) {
      commits.push(args);
      events.push(`commit ${args.branch}`);
      return "e".repeat(40);
    },
    async push(branch) {
      events.push(`push ${branch}`);
    },
  };
  const opened: Array<Parameters<PullRequests["open"]>[0]> = [];
  const pulls: PullRequests = {
    async open(args) {
      opened.push(args);
      return "https://github.com/acme/slipway/pull/7";
    },
  };
  return { repo, pulls, events, commits, opened };
}

function setup(
  options: Partial<PromoteOptions>,
  more: { updates?: UpdateSummary[]; files?: Record<string, string | undefined>; tty?: boolean } = {},
) {
  const updates = more.updates ?? history;
  const stacks = fakeStacks({
    plain: updates,
    withSecrets: [],
    decrypted: {},
    outputs: { releaseHistory: { value: recorded, secret: false } },
  });
  const remote = fakeRepo(more.files);
  const out = captureOutput();
  const run = runPromote(
    { from: "dev", to: "prod", app: "storefront", base: "main", dryRun: false, yes: true, ...options },
    { projectDir: "/checkout", openSource: stacks.openStack, ...remote, prompt: fakePrompt(more.tty ?? false), out },
  );
  return { run, stacks, out, ...remote };
}

/** The source stack's history with one more update on top. */
function withUpdate(version: number, message: string, result: UpdateSummary["result"] = "succeeded"): UpdateSummary[] {
  const base = history.find((u) => u.version === 12)!;
  return [{ ...base, version, message, result }, ...history];
}

describe("npm run promote", () => {
  test("opens a pull request moving exactly the newest verified release's digest and version, nothing else", async () => {
    const { run, commits, opened, events } = setup({});
    await expect(run).resolves.toBe("opened");
    expect(events).toEqual([
      "base main",
      "commit promote/storefront-dev-v14-to-prod",
      "push promote/storefront-dev-v14-to-prod",
    ]);
    const [commit] = commits;
    expect(commit.parent).toBe("b".repeat(40));
    expect(commit.stack).toBe("prod");
    const before = parse(stackFile("prod")).config;
    const after = parse(commit.text).config;
    expect(after["slipway:apps"].storefront.image).toEqual({
      repository: "ghcr.io/acme/storefront",
      tag: "1.5.1",
      digest: DIGEST,
    });
    // Everything else in the file reads back the same, and only the image's lines changed.
    after["slipway:apps"].storefront.image = before["slipway:apps"].storefront.image;
    expect(after).toEqual(before);
    const changed = commit.text.split("\n").filter((line) => !stackFile("prod").split("\n").includes(line));
    expect(changed).toEqual(['        tag: "1.5.1"', `        digest: ${DIGEST}`]);
    expect(parseTrailers(commit.message)).toEqual([
      {
        app: "storefront",
        from: "dev",
        to: "prod",
        release: 14,
        verified: "2025-03-11T16:06:41.000Z",
        image: `ghcr.io/acme/storefront:1.5.1@${DIGEST}`,
      },
    ]);
    expect(opened).toEqual([
      expect.objectContaining({
        base: "main",
        head: "promote/storefront-dev-v14-to-prod",
        title: "Promote storefront release v14 from dev to prod",
      }),
    ]);
    expect(opened[0].body).toContain("Slipway-Promotion: app=storefront");
  });

  test("shows the release, the file change and the config that stays different, never a secret value", async () => {
    const { run, out } = setup({ dryRun: true });
    await expect(run).resolves.toBe("dry-run");
    const text = out.text();
    expect(text).toContain("Promote storefront from dev to prod: release v14, verified 2025-03-11T16:06:41.000Z\n");
    expect(text).toContain(`  image   ghcr.io/acme/storefront:1.5.1@${DIGEST}\n`);
    expect(text).toContain(`  -        tag: "1.4.1"\n  +        tag: "1.5.1"\n  +        digest: ${DIGEST}\n`);
    // The source's config as recorded at v14 against prod's file: the flag differs, LOG_LEVEL does not.
    expect(text).toContain('  env.FEATURE_NEW_CHECKOUT: "true" in dev, "false" in prod\n');
    expect(text).not.toContain("LOG_LEVEL");
    expect(text).toContain("  healthcheck.startupSeconds: (unset) in dev, 90 in prod\n");
    expect(text).not.toContain("secrets only");
    for (const secret of SECRET_VALUES) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/AAAAAAAAAAAAAAAA/);
    expect(text).toContain("Dry run: nothing was committed, pushed or opened.");
  });

  test("secrets are compared by name only", async () => {
    const prod = stackFile("prod").replace(/ {6}STRIPE_API_KEY:\n.*\n/, "");
    const { run, out } = setup({ dryRun: true }, { files: { prod } });
    await run;
    expect(out.text()).toContain("  secrets only in dev: STRIPE_API_KEY (set them in prod first?)\n");
    expect(out.text()).not.toMatch(/AAAAAAAAAAAAAAAA/);
  });

  test("--dry-run commits, pushes and opens nothing", async () => {
    const { run, events, opened } = setup({ dryRun: true });
    await run;
    expect(events).toEqual(["base main"]);
    expect(opened).toEqual([]);
  });

  test("--release picks an older verified release by its own recorded digest", async () => {
    const { run, commits } = setup({ release: 12 });
    await expect(run).resolves.toBe("opened");
    expect(parse(commits[0].text).config["slipway:apps"].storefront.image).toEqual({
      repository: "ghcr.io/acme/storefront",
      tag: "1.4.1",
      digest: OLDER,
    });
  });

  test.each([
    [13, "v13 of stack dev failed (a failed or aborted rollout fails its update): only a verified release is promoted"],
    [15, "v15 is no update of stack dev"],
    [99, "v99 is no update of stack dev"],
  ])("--release %i is refused before anything is written", async (release, message) => {
    const { run, events } = setup({ release });
    await expect(run).rejects.toThrow(new PromotionRefusal(`${message}; see \`npm run releases -- --stack dev\``));
    expect(events).toEqual(["base main"]);
  });

  test("a release that was rolled back is refused; by default the rollback's own release is promoted", async () => {
    const updates = withUpdate(16, "rollback to v12 (commit a1b2c3d)");
    const refused = setup({ release: 14 }, { updates });
    await expect(refused.run).rejects.toThrow(
      "v14 of stack dev was rolled back by v16 (rollback to v12 (commit a1b2c3d))",
    );
    const chosen = setup({}, { updates });
    await chosen.run;
    expect(chosen.commits[0].branch).toBe("promote/storefront-dev-v16-to-prod");
    expect(parse(chosen.commits[0].text).config["slipway:apps"].storefront.image.digest).toBe(OLDER);
  });

  test("an update that did not complete is refused by its result", async () => {
    const { run } = setup({ release: 16 }, { updates: withUpdate(16, "deploy", "in-progress") });
    await expect(run).rejects.toThrow("v16 of stack dev did not complete (in-progress)");
  });

  test("a release whose digest the history no longer keeps is refused, never resolved by tag again", async () => {
    const lost = setup({ release: 11, app: "billing-worker" });
    await expect(lost.run).rejects.toThrow(
      "stack dev's release history records no digest for billing-worker at v11 of stack dev (ghcr.io/acme/billing:2.0.0)",
    );
  });

  test("stacks that do not both run the app are refused by name", async () => {
    const platform = setup({ to: "platform-staging" });
    await expect(platform.run).rejects.toThrow(
      "stack platform-staging defines no app storefront in slipway:apps (a platform stack runs no apps): promote between stacks that both run it",
    );
    const search = setup({ app: "search", from: "shop-staging" });
    await expect(search.run).rejects.toThrow("stack shop-staging defines no app search in slipway:apps");
    const missing = setup({ to: "qa" }, { files: { qa: undefined } });
    await expect(missing.run).rejects.toThrow("stack qa has no Pulumi.qa.yaml on main");
  });

  test("an image from the source stack's own registry is refused: the target could not pull it", async () => {
    const updates = history.map((u) => {
      const apps = JSON.parse(JSON.stringify(u.config["slipway:apps"])) as {
        objectValue: Record<string, { image: object }>;
      };
      apps.objectValue.storefront.image = { tag: "1.5.1" };
      return { ...u, config: { ...u.config, "slipway:apps": apps } } as unknown as UpdateSummary;
    });
    const { run } = setup({}, { updates });
    await expect(run).rejects.toThrow(
      "storefront at v14 of stack dev runs an image from stack dev's own registry (no image.repository)",
    );
  });

  test("without a terminal or --yes it refuses before reading anything", async () => {
    const { run, events, stacks } = setup({ yes: false });
    await expect(run).rejects.toThrow(
      "no terminal to confirm on (stdin is not a TTY), so nothing was changed: pass --yes",
    );
    expect(events).toEqual([]);
    expect(stacks.calls).toEqual([]);
  });

  test("a target that already runs the release changes nothing", async () => {
    const text = stackFile("prod").replace('        tag: "1.4.1"', `        tag: "1.5.1"\n        digest: ${DIGEST}`);
    const { run, events, out } = setup({}, { files: { prod: text } });
    await expect(run).resolves.toBe("unchanged");
    expect(events).toEqual(["base main"]);
    expect(out.text()).toContain("Pulumi.prod.yaml on main already runs ghcr.io/acme/storefront:1.5.1@");
  });
});

describe("the git port", gitPortTests);

describe("the pull request's note", () => {
  const image = `ghcr.io/acme/storefront:1.5.1@${DIGEST}`;
  const message = `Promote\n\nSlipway-Promotion: app=storefront from=dev to=prod release=14 verified=2025-03-11T16:06:41.000Z image=${image}\n`;
  const prodWith = (tag: string, digest: string) =>
    stackFile("prod").replace('        tag: "1.4.1"', `        tag: "${tag}"\n        digest: ${digest}`);

  test("says which release it promotes when the stack file runs exactly that image", () => {
    const note = promotionNote(["unrelated commit\n", message], () => prodWith("1.5.1", DIGEST));
    expect(note).toContain(
      `- This pull request promotes release v14 of \`storefront\` from \`dev\`, verified at 2025-03-11T16:06:41.000Z, to \`prod\`: \`${image}\`. \`Pulumi.prod.yaml\` runs exactly that image.`,
    );
    expect(note).toContain("`npm run releases -- --stack dev`");
  });

  test("warns when a commit claims a promotion the file does not hold", () => {
    const note = promotionNote([message], () => prodWith("1.5.1", OLDER));
    expect(note).toContain(":warning: A commit says it promotes release v14");
    expect(note).toContain(`runs \`ghcr.io/acme/storefront:1.5.1@${OLDER}\``);
  });

  test("is empty for a pull request that promotes nothing", () => {
    expect(promotionNote(["Fix a typo\n\nSigned-off-by: a <a@a>\n"], () => stackFile("prod"))).toBe("");
  });
});
