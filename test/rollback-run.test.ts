import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ConfigMap } from "@pulumi/pulumi/automation";
import { parse } from "yaml";
import { runRollback, type RollbackOptions } from "../tools/release-history/rollback-run";
import { RollbackRefusal } from "../tools/release-history/target";
import {
  captureOutput,
  fakeCheckout,
  fakePrompt,
  fakeStacks,
  removeFakeDirs,
  type Call,
  type FakeStackOptions,
} from "./support/fake-stack";
import { fixturePath, loadHistory, SECRET_VALUES, version } from "./support/history";

const plain = loadHistory("history-prod.json");
const withSecrets = loadHistory("history-prod-with-secrets.json");
const decrypted = { "slipway:secrets": version(withSecrets, 14).config["slipway:secrets"] } as ConfigMap;
const V12 = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
const V14 = "f00dfacecafe0123456789abcdef0123456789ab";
const ORIGINAL_STACK_FILE = readFileSync(fixturePath("Pulumi.prod.after-bad-release.yaml"), "utf8");
const SETTINGS_ONLY =
  "# Prod stack as merged on main after v14 (the release that is rolled back in the tests).\nencryptionsalt: v1:ZmFrZS1zYWx0LWZvci10ZXN0cw==:v1:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n";

function setup(
  options: Partial<RollbackOptions>,
  prompt = fakePrompt(false),
  head = V14,
  failures: Pick<FakeStackOptions, "upFails" | "pathSetFails" | "outputs"> = {},
) {
  const stacks = fakeStacks({ plain, withSecrets, decrypted, ...failures });
  const checkout = fakeCheckout({ head });
  const out = captureOutput();
  const run = runRollback(
    { stack: "prod", preview: false, yes: false, writeConfig: false, ...options },
    { openStack: stacks.openStack, checkout: checkout.checkout, prompt, out },
  );
  const where = (call: Call) =>
    call.dir === checkout.projectDir
      ? "checkout"
      : call.dir.startsWith(checkout.worktrees[0] ?? "\0")
        ? "worktree"
        : call.dir;
  const trace = () => stacks.calls.map((call) => `${where(call)} ${call.method}`);
  return { run, stacks, checkout, out, trace, prompt };
}

afterAll(removeFakeDirs);

describe("npm run rollback", () => {
  test("--yes: reads history, then re-applies v12's config and commit as a new update in a worktree", async () => {
    const { run, stacks, checkout, trace } = setup({ yes: true });
    await expect(run).resolves.toBe("rolled-back");
    expect(trace()).toEqual([
      "checkout selectStack",
      "checkout history",
      "checkout history",
      "checkout getAllConfig",
      "checkout outputs",
      "worktree selectStack",
      "worktree setAllConfig",
      "worktree up",
    ]);
    const [listing, secrets] = stacks.calls.filter((c) => c.method === "history");
    expect(listing.args).toEqual([100, 1, false]);
    expect(secrets.args).toEqual([100, 1, true]);

    const set = stacks.calls.find((c) => c.method === "setAllConfig")!;
    const config = set.args[0] as ConfigMap;
    expect(set.args).toHaveLength(1);
    expect(Object.keys(config)).toEqual([
      "aws:region",
      "slipway:apps",
      "slipway:environment",
      "slipway:platform",
      "slipway:secrets",
    ]);
    expect(config["slipway:secrets"].secret).toBe(true);
    expect(JSON.parse(config["slipway:secrets"].value).storefront.STRIPE_API_KEY).toBe("sk_live_OLDKEY123");
    expect(JSON.parse(config["slipway:apps"].value).storefront.image.tag).toBe("1.4.1");
    // The worktree's stack file carries the checkout's secrets settings and no config of its own.
    expect(set.stackFile).toBe(SETTINGS_ONLY);
    expect(stacks.calls.find((c) => c.method === "up")!.args).toEqual([
      { message: "rollback to v12 (commit a1b2c3d)" },
    ]);

    expect(checkout.events).toEqual([`addWorktree ${V12}`, "linkDependencies", "removeWorktree"]);
    expect(readFileSync(join(checkout.projectDir, "Pulumi.prod.yaml"), "utf8")).toBe(ORIGINAL_STACK_FILE);
  });

  test("the release history's recorded digest for the target's tag is what the rollback deploys", async () => {
    const digest = `sha256:${"c".repeat(64)}`;
    const recorded = { config: { name: "c", resource: "c" }, image: `ghcr.io/acme/storefront@${digest}` };
    const outputs = {
      releaseHistory: { value: { storefront: [{ ...recorded, version: "1.4.1" }] }, secret: false },
    };
    const { run, stacks, out } = setup({ yes: true }, fakePrompt(false), V14, { outputs });
    await expect(run).resolves.toBe("rolled-back");
    const config = stacks.calls.find((c) => c.method === "setAllConfig")!.args[0] as ConfigMap;
    const image = JSON.parse(config["slipway:apps"].value).storefront.image;
    expect(image).toEqual({ repository: "ghcr.io/acme/storefront", tag: "1.4.1", digest });
    expect(out.text()).toContain(`Runs the recorded digest of storefront: ghcr.io/acme/storefront@${digest}`);
  });

  test("says what changes and what to revert, and never prints a secret value", async () => {
    const { run, out } = setup({ yes: true });
    await run;
    const text = out.text();
    for (const secret of SECRET_VALUES) expect(text).not.toContain(secret);
    expect(text).toContain("Roll back stack prod from v14 to v12, as a new update (history only moves forward):");
    expect(text).toContain("  search: removed\n");
    expect(text).toContain("  storefront: image 1.5.1 → 1.4.1\n");
    expect(text).toContain("  storefront: secrets RECAPTCHA_SECRET (removed), STRIPE_API_KEY (changed)\n");
    expect(text).toContain(
      "program: commit a1b2c3d in a temporary git worktree, node_modules linked from this checkout (same lockfile)",
    );
    expect(text).toContain("Updating (prod):\n");
    expect(text).toContain('  set    slipway:apps.storefront.image.tag = "1.4.1"\n');
    expect(text).toContain(
      "  pulumi config set --secret --path 'slipway:secrets.storefront.STRIPE_API_KEY' --stack prod\n",
    );
    expect(text).toContain("revert or fix what `git log a1b2c3d..f00dfac` lists");
  });

  test("without --yes and without a terminal it refuses before touching anything", async () => {
    const { run, stacks, checkout } = setup({}, fakePrompt(false));
    await expect(run).rejects.toThrow(RollbackRefusal);
    await expect(run).rejects.toThrow(/no terminal to confirm on/);
    expect(stacks.calls).toEqual([]);
    expect(checkout.events).toEqual([]);
  });

  test("on a terminal it shows the preview, asks, and does nothing on no", async () => {
    const prompt = fakePrompt(true, "no");
    const { run, stacks, checkout, out, trace } = setup({}, prompt);
    await expect(run).resolves.toBe("cancelled");
    expect(trace().slice(-2)).toEqual(["worktree setAllConfig", "worktree preview"]);
    expect(stacks.calls.find((c) => c.method === "preview")!.args).toEqual([
      { diff: true, message: "rollback to v12 (commit a1b2c3d)" },
    ]);
    expect(prompt.questions).toEqual(["Roll back stack prod to v12? Type yes to continue: "]);
    expect(checkout.events.at(-1)).toBe("removeWorktree");
    expect(out.text()).toContain("Previewing update (prod):\nRollback cancelled: nothing was changed.\n");
  });

  test("on a terminal, yes runs the update after the preview", async () => {
    const { run, trace } = setup({}, fakePrompt(true, "yes"));
    await expect(run).resolves.toBe("rolled-back");
    expect(trace().slice(-3)).toEqual(["worktree setAllConfig", "worktree preview", "worktree up"]);
  });

  test("--preview shows the diff and changes nothing, with no question asked", async () => {
    const prompt = fakePrompt(false);
    const { run, trace, out } = setup({ preview: true }, prompt);
    await expect(run).resolves.toBe("previewed");
    expect(trace()).not.toContain("worktree up");
    expect(trace().at(-1)).toBe("worktree preview");
    expect(prompt.questions).toEqual([]);
    expect(out.text()).toContain("Preview only: nothing was changed.\nAfter a rollback:\n");
  });

  test("--to picks the target; a refused target reads no secrets and creates nothing", async () => {
    const ok = setup({ yes: true, to: 10 });
    await expect(ok.run).resolves.toBe("rolled-back");
    expect(ok.stacks.calls.find((c) => c.method === "up")!.args).toEqual([
      { message: "rollback to v10 (commit 5b0e7c1)" },
    ]);

    const refused = setup({ yes: true, to: 13 });
    await expect(refused.run).rejects.toThrow(/^v13 failed/);
    expect(refused.trace()).toEqual(["checkout selectStack", "checkout history"]);
    expect(refused.checkout.events).toEqual([]);
  });

  test("when HEAD is the target's commit, it runs in the checkout and puts the stack file back", async () => {
    const { run, trace, checkout, stacks } = setup({ yes: true }, fakePrompt(false), V12);
    await expect(run).resolves.toBe("rolled-back");
    expect(trace().slice(-3)).toEqual(["checkout selectStack", "checkout setAllConfig", "checkout up"]);
    expect(stacks.calls.find((c) => c.method === "setAllConfig")!.stackFile).toBe(SETTINGS_ONLY);
    expect(checkout.events).toEqual([]);
    expect(readFileSync(join(checkout.projectDir, "Pulumi.prod.yaml"), "utf8")).toBe(ORIGINAL_STACK_FILE);
  });

  test("a failed update still removes the worktree and leaves the checkout alone", async () => {
    const { run, checkout } = setup({ yes: true }, fakePrompt(false), V14, {
      upFails: new Error("update failed: storefront-web timed out"),
    });
    await expect(run).rejects.toThrow("update failed: storefront-web timed out");
    expect(checkout.events.at(-1)).toBe("removeWorktree");
    expect(readFileSync(join(checkout.projectDir, "Pulumi.prod.yaml"), "utf8")).toBe(ORIGINAL_STACK_FILE);
  });

  test("--write-config writes v12's config into the checkout's stack file: secrets through the CLI, the rest in place", async () => {
    const { run, stacks, checkout, out, trace } = setup({ yes: true, writeConfig: true });
    await expect(run).resolves.toBe("rolled-back");
    // After the update, on the checkout's own stack: the rollback's config never leaks into it before.
    expect(trace().slice(-4)).toEqual([
      "worktree setAllConfig",
      "worktree up",
      "checkout setAllConfig",
      "checkout removeAllConfig",
    ]);
    const home = stacks.calls.filter((c) => c.dir === checkout.projectDir);
    expect(home.filter((c) => c.method === "setAllConfig").map((c) => c.args)).toEqual([
      [{ "slipway:secrets.storefront.STRIPE_API_KEY": { value: "sk_live_OLDKEY123", secret: true } }, true],
    ]);
    expect(home.filter((c) => c.method === "removeAllConfig").map((c) => c.args)).toEqual([
      [["slipway:secrets.storefront.RECAPTCHA_SECRET"], true],
    ]);

    const written = readFileSync(join(checkout.projectDir, "Pulumi.prod.yaml"), "utf8");
    const apps = parse(written).config["slipway:apps"];
    expect(apps.storefront.image.tag).toBe("1.4.1");
    expect(apps.storefront.env.FEATURE_NEW_CHECKOUT).toBe("false");
    expect(apps.search).toBeUndefined();
    expect(written).toContain("# Prod stack as merged on main after v14");
    for (const secret of SECRET_VALUES) expect(written + out.text()).not.toContain(secret);
    expect(out.text()).toContain("Wrote v12's config to Pulumi.prod.yaml: review it (git diff) and commit it.");
  });

  test("--write-config that cannot write still says the rollback happened and lists what to revert", async () => {
    const { run, out } = setup({ yes: true, writeConfig: true }, fakePrompt(false), V14, {
      pathSetFails: new Error("passphrase must be set"),
    });
    await expect(run).rejects.toThrow(
      "rolled back to v12, but writing Pulumi.prod.yaml failed (revert it by hand as listed): passphrase must be set",
    );
    expect(out.text()).toContain("Rolled back stack prod to v12");
    expect(out.text()).toContain('  set    slipway:apps.storefront.image.tag = "1.4.1"\n');
  });
});
