/**
 * `npm run dora -- --stack <name> [--history <file>] [--git <dir>] [--since <days>] [--json]`: the DORA
 * four keys of a stack, from its update history (read without secrets, or from a file of
 * `pulumi stack history --json`) and the commit times in a git repository.
 * Exit codes: 0 reported; 2 usage error; 1 any other failure.
 */
import { runCommand } from "./cli";
import { doraCommand } from "./commands";
import { gitCommitClock } from "./dora/git-commit-clock";
import { readHistoryFile } from "./dora/history-file";
import { runDora, stackHistory } from "./dora/dora-run";
import { automationStacks, describeFailure, requirePulumiCli } from "./release-history/automation";

runCommand(doraCommand, async (options) => {
  const { stack, historyFile } = options;
  try {
    const history = historyFile
      ? () => Promise.resolve(readHistoryFile(historyFile))
      : stackHistory(async (dir) => automationStacks(stack, await requirePulumiCli())(dir), process.cwd());
    await runDora(options, { history, commits: await gitCommitClock(options.gitDir) }, (line) => console.log(line));
    return 0;
  } catch (error) {
    console.error(`dora: ${describeFailure(error, stack)}`);
    return 1;
  }
});
