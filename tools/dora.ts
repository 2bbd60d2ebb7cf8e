/**
 * `npm run dora -- --stack <name> [--history <file>] [--git <dir>] [--since <days>] [--json]`: the DORA
 * four keys of a stack, from its update history (read without secrets, or from a file of
 * `pulumi stack history --json`) and the commit times in a git repository.
 * Exit codes: 0 reported; 2 usage error; 1 any other failure.
 */
import { runCommand } from "./cli";
import { doraCommand } from "./commands";
import { runDora, stackHistory } from "./dora/dora-run";
import { gitCommitClock } from "./dora/git-commit-clock";
import { readHistoryFile } from "./dora/history-file";

runCommand(doraCommand, async (options) => {
  const { stack, historyFile } = options;
  try {
    const history = historyFile ? () => Promise.resolve(readHistoryFile(historyFile)) : () => historyOfStack(stack);
    await runDora(options, { history, commits: await gitCommitClock(options.gitDir) }, (line) => console.log(line));
    return 0;
  } catch (error) {
    console.error(`dora: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
});

/** Loads the Automation API only when it is used: it takes seconds, and a history file needs none of it. */
async function historyOfStack(stack: string) {
  const { automationStacks, describeFailure, requirePulumiCli } = await import("./release-history/automation");
  try {
    return await stackHistory(async (dir) => automationStacks(stack, await requirePulumiCli())(dir), process.cwd())();
  } catch (error) {
    throw new Error(describeFailure(error, stack), { cause: error });
  }
}
