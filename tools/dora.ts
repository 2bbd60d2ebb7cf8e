/**
 * `npm run dora -- --stack <name> [--history <file>] [--git <dir>] [--since <days>] [--json]`: the DORA
 * four keys of a stack, from its update history (read without secrets, or from a file of
 * `pulumi stack history --json`) and the commit times in a git repository.
 * Exit codes: 0 reported; 2 usage error; 1 any other failure.
 */
import { runCommand } from "./cli";
import { doraCommand } from "./release-commands";
import { historyOfStack } from "./dora/backend-history";
import { runDora } from "./dora/dora-run";
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
