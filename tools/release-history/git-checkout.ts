/**
 * The user's git checkout, through the git and npm command lines. Commits reaching these commands
 * were checked to be hex ids first (workdir-plan.ts), so no history value can pass as an option.
 */
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import type { CheckoutPort, Worktree } from "./ports";
import { RollbackRefusal } from "./target";

const run = promisify(execFile);

async function git(cwd: string, args: string[]): Promise<string> {
  return (await run("git", args, { cwd })).stdout;
}

async function succeeds(cwd: string, args: string[]): Promise<boolean> {
  try {
    await git(cwd, args);
    return true;
  } catch {
    return false;
  }
}

export async function gitCheckout(projectDir: string): Promise<CheckoutPort> {
  let prefix: string;
  try {
    prefix = (await git(projectDir, ["rev-parse", "--show-prefix"])).trim();
  } catch {
    throw new RollbackRefusal(
      `${projectDir} is not inside a git checkout: a rollback checks out the program of the target's commit`,
    );
  }
  return {
    projectDir,
    async head() {
      return (await succeeds(projectDir, ["rev-parse", "--verify", "--quiet", "HEAD"]))
        ? (await git(projectDir, ["rev-parse", "HEAD"])).trim()
        : undefined;
    },
    async hasLocalChanges() {
      return (await git(projectDir, ["status", "--porcelain", "--untracked-files=no"])).trim() !== "";
    },
    hasCommit: (commit) => succeeds(projectDir, ["cat-file", "-e", `${commit}^{commit}`]),
    dependenciesMatch: (commit) =>
      succeeds(projectDir, ["diff", "--quiet", commit, "--", "package.json", "package-lock.json"]),
    async addWorktree(commit): Promise<Worktree> {
      const root = mkdtempSync(join(tmpdir(), "slipway-rollback-"));
      try {
        await git(projectDir, ["worktree", "add", "--detach", root, commit]);
      } catch (error) {
        rmSync(root, { recursive: true, force: true });
        throw error;
      }
      return { root, projectDir: resolve(root, prefix) };
    },
    async removeWorktree(worktree) {
      // --force: the worktree holds files git does not track (the stack file, node_modules link).
      // git removes a symlink itself, never what it points to.
      await git(projectDir, ["worktree", "remove", "--force", worktree.root]);
    },
    linkDependencies(dir) {
      symlinkSync(join(projectDir, "node_modules"), join(dir, "node_modules"), "dir");
      return Promise.resolve();
    },
    installDependencies: (dir) => npmInstall(dir),
  };
}

/**
 * Installs what the commit's lockfile pins. `npm install` rather than `npm ci`: on npm 11 `npm ci`
 * rejects lockfiles npm itself wrote (missing optional platform packages), measured on this project.
 */
function npmInstall(dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["install", "--no-audit", "--no-fund"], { cwd: dir, stdio: ["ignore", 2, 2] });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`npm install in ${dir} exited with ${code}`)),
    );
  });
}
