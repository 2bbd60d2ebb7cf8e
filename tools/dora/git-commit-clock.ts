/** Committer times from a local git repository, one `git show -s --format=%cI` per commit. */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { CommitClock } from "./ports";

const git = promisify(execFile);

/** Throws when `dir` is not in a git repository, so that a wrong --git is not reported as unknown commits. */
export async function gitCommitClock(dir: string): Promise<CommitClock> {
  try {
    await git("git", ["-C", dir, "rev-parse", "--git-dir"]);
  } catch (error) {
    if ((error as { code?: unknown }).code === "ENOENT") throw new Error("git is not on PATH", { cause: error });
    throw new Error(`--git ${dir}: not a git repository`, { cause: error });
  }
  return {
    async committedAt(commit) {
      // Only a hex object name: anything else could be read by git as an option or a revision range.
      if (!/^[0-9a-f]{4,64}$/i.test(commit)) return undefined;
      try {
        const { stdout } = await git("git", ["-C", dir, "show", "-s", "--format=%cI", `${commit}^{commit}`]);
        return new Date(stdout.trim());
      } catch (error) {
        // 128: git does not know the object (not fetched, a shallow clone, another repository).
        if ((error as { code?: unknown }).code === 128) return undefined;
        throw error;
      }
    },
  };
}
