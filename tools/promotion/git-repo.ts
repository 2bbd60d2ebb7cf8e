/**
 * The promotion's repository, through git: the base branch is fetched and read as committed, and the
 * change is committed with git's plumbing (a temporary index, `commit-tree`, `update-ref`), so the
 * user's work tree, index and current branch are never touched, whatever they hold. Names reaching
 * git are checked first (`check-ref-format`), so no value can pass as an option.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exec } from "./exec";
import type { BaseFiles, PromotionRepo } from "./ports";
import { PromotionRefusal } from "./choose";

export async function gitRepo(projectDir: string, remote = "origin"): Promise<PromotionRepo> {
  let prefix: string;
  let root: string;
  try {
    prefix = (await exec("git", ["rev-parse", "--show-prefix"], { cwd: projectDir })).trim();
    root = (await exec("git", ["rev-parse", "--show-toplevel"], { cwd: projectDir })).trim();
  } catch {
    throw new PromotionRefusal(
      `${projectDir} is not inside a git checkout: a promotion is a commit and a pull request`,
    );
  }
  // From the top of the work tree: paths given to git are then the repository's own.
  const git = (args: string[], more: { input?: string; env?: NodeJS.ProcessEnv } = {}) =>
    exec("git", args, { cwd: root, ...more });
  const checkBranch = async (branch: string) => {
    try {
      await git(["check-ref-format", "--branch", branch]);
    } catch {
      throw new PromotionRefusal(`${branch} is not a valid branch name`);
    }
  };
  const fileAt = (stack: string) => `${prefix}Pulumi.${stack}.yaml`;
  return {
    async base(base): Promise<BaseFiles> {
      await checkBranch(base);
      await git(["fetch", "--quiet", remote, `refs/heads/${base}`]);
      const commit = (await git(["rev-parse", "--verify", "FETCH_HEAD^{commit}"])).trim();
      return {
        commit,
        async read(stack) {
          const path = fileAt(stack);
          const listed = await git(["ls-tree", "--name-only", commit, "--", path]);
          return listed.trim() === "" ? undefined : git(["show", `${commit}:${path}`]);
        },
      };
    },
    async commitStackFile({ parent, stack, text, message, branch }) {
      await checkBranch(branch);
      const scratch = mkdtempSync(join(tmpdir(), "slipway-promote-"));
      const env = { ...process.env, GIT_INDEX_FILE: join(scratch, "index") };
      try {
        await git(["read-tree", parent], { env });
        const blob = (await git(["hash-object", "-w", "--stdin"], { input: text })).trim();
        await git(["update-index", "--cacheinfo", `100644,${blob},${fileAt(stack)}`], { env });
        const tree = (await git(["write-tree"], { env })).trim();
        const commit = (await git(["commit-tree", tree, "-p", parent, "-F", "-"], { input: message })).trim();
        // The empty old value makes git refuse a branch that already exists (git-update-ref(1)).
        await git(["update-ref", `refs/heads/${branch}`, commit, ""]);
        return commit;
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    },
    async push(branch) {
      await git(["push", "--quiet", remote, `refs/heads/${branch}:refs/heads/${branch}`]);
    },
  };
}
