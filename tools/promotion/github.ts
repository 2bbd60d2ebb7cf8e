/**
 * Opens the promotion's pull request with the GitHub CLI (`gh pr create`), which authenticates with
 * `GH_TOKEN` / `GITHUB_TOKEN` (as in CI) or the user's `gh auth login`, and prints the new pull
 * request's URL. The body goes through standard input (`--body-file -`), never the command line.
 */
import { exec } from "./exec";
import type { PullRequests } from "./ports";

export function githubPullRequests(projectDir: string): PullRequests {
  return {
    async open({ base, head, title, body }) {
      const args = ["pr", "create", "--base", base, "--head", head, "--title", title, "--body-file", "-"];
      const printed = await exec("gh", args, { cwd: projectDir, input: body });
      return printed.trim().split("\n").pop() ?? "";
    },
  };
}
