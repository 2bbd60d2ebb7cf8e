/**
 * `npm run report -- --stack <name> [--history <file>] [--render <dir>] [--out <dir>] [--screenshot <png>]`:
 * one self-contained HTML page of a stack from its offline render (`npm run render` first) and its
 * update history (read without secrets, or from a file of `pulumi stack history --json`): the stack's
 * picture, each app's releases, the DORA four keys over time and the policy verdicts.
 * Exit codes: 0 written; 2 usage error; 1 any other failure.
 */
import { runCommand } from "./cli";
import { reportCommand } from "./release-commands";
import { historyOfStack } from "./dora/backend-history";
import { gitCommitClock } from "./dora/git-commit-clock";
import { readHistoryFile } from "./dora/history-file";
import type { CommitClock } from "./dora/ports";
import { runReport } from "./report/report-run";

runCommand(reportCommand, async (options) => {
  const { stack, historyFile } = options;
  try {
    const history = historyFile ? () => Promise.resolve(readHistoryFile(historyFile)) : () => historyOfStack(stack);
    const file = await runReport(options, { history, commits: await commitsHere() });
    console.log(`Written to ${file}`);
    if (options.screenshot) {
      const { screenshot } = await import("./report/screenshot");
      await screenshot(file, options.screenshot);
      console.log(`Screenshot in ${options.screenshot}`);
    }
    return 0;
  } catch (error) {
    console.error(`report: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
});

/** Lead times need this checkout's commits; outside git the page still shows the other keys. */
async function commitsHere(): Promise<CommitClock> {
  try {
    return await gitCommitClock(".");
  } catch {
    return { committedAt: () => Promise.resolve(undefined) };
  }
}
