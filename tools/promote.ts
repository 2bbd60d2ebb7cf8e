/**
 * `npm run promote -- --from <stack> --to <stack> --app <app> [--release <version>] [--dry-run] [--yes]`:
 * opens a pull request moving the image of the app's verified release in --from into Pulumi.<to>.yaml.
 * Needs the Pulumi CLI and --from's backend login (history is read without secrets), git with a remote
 * `origin`, and the GitHub CLI (`gh`, authenticated by `gh auth login` or GH_TOKEN / GITHUB_TOKEN).
 * Exit codes: 0 opened, dry run or nothing to promote; 1 failed or cancelled; 2 usage error or refused.
 */
import { runCommand } from "./cli";
import { promoteCommand } from "./release-commands";
import { automationStacks, describeFailure, requirePulumiCli } from "./release-history/automation";
import { terminal } from "./release-history/terminal";
import { PromotionRefusal } from "./promotion/choose";
import { gitRepo } from "./promotion/git-repo";
import { githubPullRequests } from "./promotion/github";
import { runPromote } from "./promotion/promote-run";

runCommand(promoteCommand, async (options) => {
  try {
    const projectDir = process.cwd();
    const repo = await gitRepo(projectDir);
    const openSource = automationStacks(options.from, await requirePulumiCli());
    const out = { log: (line: string) => console.log(line), stream: (chunk: string) => process.stdout.write(chunk) };
    const deps = { projectDir, openSource, repo, pulls: githubPullRequests(projectDir), prompt: terminal, out };
    return (await runPromote(options, deps)) === "cancelled" ? 1 : 0;
  } catch (error) {
    if (error instanceof PromotionRefusal) {
      console.error(`promote refused: ${error.message}`);
      return 2;
    }
    console.error(`promote failed: ${describeFailure(error, options.from)}`);
    return 1;
  }
});
