/**
 * `npm run rollback -- --stack <name> [--to <version>] [--preview] [--yes] [--write-config]`:
 * re-applies an earlier successful update (its config, secrets included, and its commit's program)
 * as a new update. Needs the Pulumi CLI, git, the backend login and the secrets provider.
 * Exit codes: 0 rolled back or previewed; 1 failed or cancelled; 2 usage error or refused (nothing changed).
 */
import { runCommand } from "./cli";
import { rollbackCommand } from "./release-commands";
import { terminal } from "./release-history/terminal";
import { automationStacks, describeFailure, requirePulumiCli } from "./release-history/automation";
import { gitCheckout } from "./release-history/git-checkout";
import { runRollback } from "./release-history/rollback-run";
import { RollbackRefusal } from "./release-history/target";

runCommand(rollbackCommand, async (options) => {
  try {
    const openStack = automationStacks(options.stack, await requirePulumiCli());
    const checkout = await gitCheckout(process.cwd());
    const out = { log: (line: string) => console.log(line), stream: (chunk: string) => process.stdout.write(chunk) };
    const outcome = await runRollback(options, { openStack, checkout, prompt: terminal, out });
    return outcome === "cancelled" ? 1 : 0;
  } catch (error) {
    if (error instanceof RollbackRefusal) {
      console.error(`rollback refused: ${error.message}`);
      return 2;
    }
    console.error(`rollback failed: ${describeFailure(error, options.stack)}`);
    return 1;
  }
});
