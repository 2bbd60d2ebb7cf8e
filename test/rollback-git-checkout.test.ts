import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gitCheckout } from "../tools/release-history/git-checkout";
import type { CheckoutPort } from "../tools/release-history/ports";
import { RollbackRefusal } from "../tools/release-history/target";
import { inWorkdir } from "../tools/release-history/workdir";

/** A real repository whose Pulumi project lives in deploy/, with two commits. */
let repo: string;
let project: string;
let first: string;
let second: string;
const git = (...args: string[]) =>
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd: repo, encoding: "utf8" }).trim();

const STACK_FILE = "encryptionsalt: v1:salt\n# prod config\nconfig:\n  slipway:environment: prod\n";

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), "slipway-git-test-"));
  project = join(repo, "deploy");
  mkdirSync(project);
  git("init", "--quiet", "--initial-branch=main");
  writeFileSync(join(project, "program.ts"), "export const version = 1;\n");
  writeFileSync(join(project, "package.json"), "{}\n");
  writeFileSync(join(project, "package-lock.json"), '{"lockfileVersion":3}\n');
  writeFileSync(join(project, "Pulumi.prod.yaml"), STACK_FILE);
  git("add", ".");
  git("commit", "--quiet", "-m", "first");
  first = git("rev-parse", "HEAD");
  writeFileSync(join(project, "program.ts"), "export const version = 2;\n");
  writeFileSync(join(project, "package-lock.json"), '{"lockfileVersion":3,"packages":{}}\n');
  git("commit", "--quiet", "-am", "second");
  second = git("rev-parse", "HEAD");
  mkdirSync(join(project, "node_modules", "dep"), { recursive: true });
  writeFileSync(join(project, "node_modules", "dep", "index.js"), "module.exports = 1;\n");
});

afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe("the git checkout", () => {
  let checkout: CheckoutPort;
  beforeAll(async () => {
    checkout = await gitCheckout(project);
  });

  test("reports HEAD, the commits it has, and whether the lockfile differs", async () => {
    expect(await checkout.head()).toBe(second);
    expect(await checkout.hasCommit(first)).toBe(true);
    expect(await checkout.hasCommit("0123456789abcdef0123456789abcdef01234567")).toBe(false);
    expect(await checkout.dependenciesMatch(second)).toBe(true);
    expect(await checkout.dependenciesMatch(first)).toBe(false);
  });

  test("local changes mean modified tracked files; untracked files do not count", async () => {
    expect(await checkout.hasLocalChanges()).toBe(false);
    writeFileSync(join(project, "notes.txt"), "untracked\n");
    expect(await checkout.hasLocalChanges()).toBe(false);
    writeFileSync(join(project, "program.ts"), "export const version = 3;\n");
    expect(await checkout.hasLocalChanges()).toBe(true);
    git("checkout", "--", "deploy/program.ts");
  });

  test("a worktree holds the old commit's program in the project's subdirectory, and goes away cleanly", async () => {
    const worktree = await checkout.addWorktree(first);
    expect(worktree.projectDir).toBe(join(worktree.root, "deploy"));
    expect(readFileSync(join(worktree.projectDir, "program.ts"), "utf8")).toBe("export const version = 1;\n");
    await checkout.linkDependencies(worktree.projectDir);
    expect(readlinkSync(join(worktree.projectDir, "node_modules"))).toBe(join(project, "node_modules"));

    await checkout.removeWorktree(worktree);
    expect(existsSync(worktree.root)).toBe(false);
    expect(git("worktree", "list")).not.toContain(worktree.root);
    // Removing the link must not remove what it pointed to.
    expect(readFileSync(join(project, "node_modules", "dep", "index.js"), "utf8")).toBe("module.exports = 1;\n");
  });

  test("refuses a directory outside git", async () => {
    const outside = mkdtempSync(join(tmpdir(), "slipway-no-git-"));
    await expect(gitCheckout(outside)).rejects.toThrow(RollbackRefusal);
    rmSync(outside, { recursive: true, force: true });
  });
});

describe("running in the chosen directory", () => {
  test("in the checkout, the stack file is put back byte for byte, even when the step fails", async () => {
    const checkout = await gitCheckout(project);
    let during = "";
    const failing = inWorkdir(
      { kind: "checkout", commit: second, warnings: [] },
      checkout,
      "Pulumi.prod.yaml",
      STACK_FILE,
      async (dir) => {
        during = readFileSync(join(dir, "Pulumi.prod.yaml"), "utf8");
        writeFileSync(join(dir, "Pulumi.prod.yaml"), "config:\n  rewritten: by the CLI\n");
        throw new Error("pulumi up failed");
      },
    );
    await expect(failing).rejects.toThrow("pulumi up failed");
    // The step started from the checkout's settings without its config...
    expect(during).toBe("encryptionsalt: v1:salt\n");
    // ...and the user's file is as it was.
    expect(readFileSync(join(project, "Pulumi.prod.yaml"), "utf8")).toBe(STACK_FILE);
  });

  test("in a worktree, the worktree is removed even when the step fails", async () => {
    const checkout = await gitCheckout(project);
    let root = "";
    const plan = { kind: "worktree" as const, commit: first, dependencies: "link" as const, warnings: [] };
    const failing = inWorkdir(plan, checkout, "Pulumi.prod.yaml", STACK_FILE, async (dir) => {
      root = join(dir, "..");
      expect(readFileSync(join(dir, "Pulumi.prod.yaml"), "utf8")).toBe("encryptionsalt: v1:salt\n");
      throw new Error("pulumi preview failed");
    });
    await expect(failing).rejects.toThrow("pulumi preview failed");
    expect(existsSync(root)).toBe(false);
    expect(readFileSync(join(project, "Pulumi.prod.yaml"), "utf8")).toBe(STACK_FILE);
  });
});
