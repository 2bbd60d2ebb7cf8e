/**
 * Fakes for the rollback's ports: an Automation API stack that records every call (with the directory
 * it was selected in) and answers from recorded history, and a checkout backed by real temp dirs.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ConfigMap, OutputMap, UpdateSummary } from "@pulumi/pulumi/automation";
import type { CheckoutPort, OpenStack, Output, Prompt, StackPort } from "../../tools/release-history/ports";
import { fixturePath } from "./history";

export interface Call {
  dir: string;
  method: string;
  args: unknown[];
  /** The stack file in `dir` when the call was made. */
  stackFile?: string;
  /** The policy pack options of a preview or up. */
  policy?: { policyPacks?: string[]; policyPackConfigs?: string[] };
}

export interface FakeStackOptions {
  plain: UpdateSummary[];
  withSecrets: UpdateSummary[];
  decrypted: ConfigMap;
  /** The stack's current outputs; none by default. */
  outputs?: OutputMap;
  upFails?: Error;
  /** Fails `setAllConfig(…, path = true)`, the call that writes secrets into the checkout's stack file. */
  pathSetFails?: Error;
}

export function fakeStacks(options: FakeStackOptions) {
  const calls: Call[] = [];
  const openStack: OpenStack = async (dir) => {
    calls.push({ dir, method: "selectStack", args: [] });
    const record = (method: string, args: unknown[], policy?: Call["policy"]) => {
      const file = join(dir, "Pulumi.prod.yaml");
      calls.push({ dir, method, args, stackFile: existsSync(file) ? readFileSync(file, "utf8") : undefined, policy });
    };
    const stack: StackPort = {
      async history(pageSize, page, showSecrets) {
        record("history", [pageSize, page, showSecrets]);
        return (showSecrets ? options.withSecrets : options.plain).slice((page - 1) * pageSize, page * pageSize);
      },
      async getAllConfig() {
        record("getAllConfig", []);
        return options.decrypted;
      },
      async outputs() {
        record("outputs", []);
        return options.outputs ?? {};
      },
      async setAllConfig(config, path) {
        record("setAllConfig", path === undefined ? [config] : [config, path]);
        if (path && options.pathSetFails) throw options.pathSetFails;
      },
      async removeAllConfig(keys, path) {
        record("removeAllConfig", [keys, path]);
      },
      async preview(opts) {
        record("preview", [{ diff: opts.diff, message: opts.message }], policyOf(opts));
        opts.onOutput?.("Previewing update (prod):\n");
        return { stdout: "", stderr: "", changeSummary: { update: 2 } };
      },
      async up(opts) {
        record("up", [{ message: opts.message }], policyOf(opts));
        if (options.upFails) throw options.upFails;
        opts.onOutput?.("Updating (prod):\n");
        return { stdout: "", stderr: "", outputs: {}, summary: options.plain[0] };
      },
    };
    return stack;
  };
  return { calls, openStack };
}

function policyOf(opts: { policyPacks?: string[]; policyPackConfigs?: string[] }): Call["policy"] {
  return { policyPacks: opts.policyPacks, policyPackConfigs: opts.policyPackConfigs };
}

const madeDirs: string[] = [];

/** Removes the temp dirs the fakes made (call from afterAll). */
export function removeFakeDirs(): void {
  for (const dir of madeDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * A project dir holding the stack file as merged after the bad release and the policy pack with its
 * tier configs (dependencies installed unless `packInstalled` is false); worktrees are temp dirs.
 */
export function fakeCheckout(facts: {
  head: string;
  hasLocalChanges?: boolean;
  dependenciesMatch?: boolean;
  packInstalled?: boolean;
}) {
  const projectDir = mkdtempSync(join(tmpdir(), "slipway-checkout-"));
  madeDirs.push(projectDir);
  copyFileSync(fixturePath("Pulumi.prod.after-bad-release.yaml"), join(projectDir, "Pulumi.prod.yaml"));
  mkdirSync(join(projectDir, "policy", "config"), { recursive: true });
  writeFileSync(join(projectDir, "policy", "PulumiPolicy.yaml"), "runtime: nodejs\n");
  for (const tier of ["dev", "prod"]) writeFileSync(join(projectDir, "policy", "config", `${tier}.json`), "{}\n");
  if (facts.packInstalled !== false) mkdirSync(join(projectDir, "policy", "node_modules"));
  const events: string[] = [];
  const worktrees: string[] = [];
  const checkout: CheckoutPort = {
    projectDir,
    head: async () => facts.head,
    hasLocalChanges: async () => facts.hasLocalChanges ?? false,
    hasCommit: async () => true,
    dependenciesMatch: async () => facts.dependenciesMatch ?? true,
    async addWorktree(commit) {
      const root = mkdtempSync(join(tmpdir(), "slipway-worktree-"));
      madeDirs.push(root);
      mkdirSync(join(root, "deploy"));
      worktrees.push(root);
      events.push(`addWorktree ${commit}`);
      return { root, projectDir: join(root, "deploy") };
    },
    async removeWorktree(worktree) {
      rmSync(worktree.root, { recursive: true, force: true });
      events.push("removeWorktree");
    },
    async linkDependencies() {
      events.push("linkDependencies");
    },
    async installDependencies() {
      events.push("installDependencies");
    },
  };
  return { checkout, events, worktrees, projectDir };
}

export function fakePrompt(isTTY: boolean, answer = "yes"): Prompt & { questions: string[] } {
  const questions: string[] = [];
  return { isTTY, questions, ask: async (question) => (questions.push(question), answer) };
}

export function captureOutput(): Output & { text: () => string } {
  const chunks: string[] = [];
  return {
    log: (line) => chunks.push(`${line}\n`),
    stream: (chunk) => chunks.push(chunk),
    text: () => chunks.join(""),
  };
}
