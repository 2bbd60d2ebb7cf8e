/**
 * The apps of a source apps stack a pull request changes, for its review stack: the changed paths and
 * the stack file at the base come from git (through an injected runner, so the logic is tested without
 * a repository); which apps they change is the pure rule of config/review-changes.ts.
 * `npm run render -- --review <stack> --pr <n> --base <ref>` and the CI tool both call these.
 */
import { execFileSync } from "node:child_process";
import { changedAppsOf } from "../../config/review-changes";
import { StackFileError } from "../harness/stack-file";
import { stackFileConfigOf } from "./review-input";

export interface PullRequestChanges {
  /** The paths the pull request changes, relative to the Pulumi project (`git diff --name-only --relative`). */
  paths: readonly string[];
  /** The source stack file's text where the pull request branched off; undefined when it is new. */
  baseStackFile?: string;
}

/** Runs git in `cwd` with `args` and returns its standard output; throws (with git's message) on failure. */
export type GitRunner = (args: readonly string[], cwd: string) => string;

const realGit: GitRunner = (args, cwd) => {
  try {
    return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 1 << 26 });
  } catch (error) {
    // execFileSync's error carries git's standard error as a string (encoding utf8).
    const { stderr } = error as { stderr?: string };
    throw new Error(stderr?.trim() || (error as Error).message, { cause: error });
  }
};

/**
 * The source's apps a pull request changes, or "all" its reviewable apps. `headStackFile` is the text of
 * `Pulumi.<source>.yaml` at the pull request's head.
 */
export function changedApps(
  source: string,
  headStackFile: string,
  changes: PullRequestChanges,
): readonly string[] | "all" {
  const file = `Pulumi.${source}.yaml`;
  const head = stackFileConfigOf(Buffer.from(headStackFile, "utf8"), file);
  const base =
    changes.baseStackFile === undefined
      ? undefined
      : stackFileConfigOf(Buffer.from(changes.baseStackFile, "utf8"), `${file} at the pull request's base`);
  return changedAppsOf(base, head, changes.paths);
}

/**
 * What the commits on HEAD since it branched off `baseRef` change, in the Pulumi project at `dir`: the
 * paths of `git diff <base>...HEAD`, and the source stack file at the same merge base (not at the base's
 * tip, which may have moved on: its later changes are not the pull request's).
 *
 * Git's behaviour relied on, read in git/git v2.39.5: `git diff A...B` is `git diff $(git merge-base A B) B`
 * (Documentation/git-diff.txt); `--relative` run in a subdirectory leaves out changes outside it and
 * prints paths relative to it (Documentation/diff-options.txt); `ls-tree` paths are relative to the
 * working directory (Documentation/git-ls-tree.txt), as is `<rev>:./<path>` (Documentation/revisions.txt).
 */
export function pullRequestChanges(
  dir: string,
  baseRef: string,
  source: string,
  git: GitRunner = realGit,
): PullRequestChanges {
  if (baseRef === "" || baseRef.startsWith("-"))
    throw new StackFileError(`--base ${baseRef}: expected a git revision such as origin/main`);
  const run = (args: string[]) => {
    try {
      return git(args, dir);
    } catch (error) {
      throw new StackFileError(`--base ${baseRef}: git ${args[0]} failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
  };
  const mergeBase = run(["merge-base", baseRef, "HEAD"]).trim();
  const paths = run(["diff", "--name-only", "-z", "--relative", `${mergeBase}...HEAD`])
    .split("\0")
    .filter(Boolean);
  const file = `Pulumi.${source}.yaml`;
  const atBase = run(["ls-tree", "--name-only", mergeBase, "--", file]).trim();
  return atBase === "" ? { paths } : { paths, baseStackFile: run(["show", `${mergeBase}:./${file}`]) };
}
