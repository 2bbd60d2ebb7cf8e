/** The rollback's preview and update run with the policy pack and tier config a normal `up` uses. */
import { join } from "node:path";
import type { ConfigMap } from "@pulumi/pulumi/automation";
import { runRollback, type RollbackOptions } from "../tools/release-history/rollback-run";
import { RollbackRefusal } from "../tools/release-history/target";
import { captureOutput, fakeCheckout, fakePrompt, fakeStacks, removeFakeDirs } from "./support/fake-stack";
import { loadHistory, version } from "./support/history";

const plain = loadHistory("history-prod.json");
const withSecrets = loadHistory("history-prod-with-secrets.json");
const decrypted = { "slipway:secrets": version(withSecrets, 14).config["slipway:secrets"] } as ConfigMap;
const V14 = "f00dfacecafe0123456789abcdef0123456789ab";

function setup(options: Partial<RollbackOptions>, prompt = fakePrompt(false), packInstalled = true) {
  const stacks = fakeStacks({ plain, withSecrets, decrypted });
  const checkout = fakeCheckout({ head: V14, packInstalled });
  const run = runRollback(
    { stack: "prod", preview: false, yes: false, writeConfig: false, ...options },
    { openStack: stacks.openStack, checkout: checkout.checkout, prompt, out: captureOutput() },
  );
  const policyOf = (method: string) => stacks.calls.find((c) => c.method === method)?.policy;
  return { run, stacks, projectDir: checkout.projectDir, policyOf };
}

afterAll(removeFakeDirs);

describe("rollback policy pack", () => {
  test("preview and up use the checkout's pack and the stack tier's config, as deploy.yml's up does", async () => {
    const { run, projectDir, policyOf } = setup({}, fakePrompt(true, "yes"));
    await expect(run).resolves.toBe("rolled-back");
    const expected = {
      policyPacks: [join(projectDir, "policy")],
      policyPackConfigs: [join(projectDir, "policy", "config", "prod.json")],
    };
    expect(policyOf("preview")).toEqual(expected);
    expect(policyOf("up")).toEqual(expected);
  });

  test("--policy-pack-config picks another file, relative to the project", async () => {
    const { run, projectDir, policyOf } = setup({ yes: true, policy: { config: "policy/config/dev.json" } });
    await expect(run).resolves.toBe("rolled-back");
    expect(policyOf("up")?.policyPackConfigs).toEqual([join(projectDir, "policy", "config", "dev.json")]);
  });

  test("refuses before reading history when the pack cannot run", async () => {
    const uninstalled = setup({ yes: true }, fakePrompt(false), false);
    await expect(uninstalled.run).rejects.toThrow(
      new RollbackRefusal("the policy pack's dependencies are not installed: run `npm ci --prefix policy`, then retry"),
    );
    expect(uninstalled.stacks.calls).toEqual([]);

    const missingConfig = setup({ yes: true, policy: { config: "policy/config/staging.json" } });
    await expect(missingConfig.run).rejects.toThrow(/^policy pack config .*staging\.json does not exist$/);
    const notAPack = setup({ yes: true, policy: { pack: "tools" } });
    await expect(notAPack.run).rejects.toThrow(/tools is not a policy pack \(no PulumiPolicy\.yaml\)/);
    expect([...missingConfig.stacks.calls, ...notAPack.stacks.calls]).toEqual([]);
  });
});
