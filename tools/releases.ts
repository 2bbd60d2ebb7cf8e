/**
 * `npm run releases -- --stack <name>`: every update of the stack, newest first, with what changed.
 * History is read without secrets. Needs the Pulumi CLI and a login to the stack's backend.
 * Exit codes: 0 listed; 2 usage error; 1 any other failure.
 */
import { runCommand } from "./cli";
import { releasesCommand } from "./release-commands";
import { automationStacks, describeFailure, requirePulumiCli } from "./release-history/automation";
import { runReleases } from "./release-history/releases-run";

runCommand(releasesCommand, async ({ stack }) => {
  try {
    const openStack = automationStacks(stack, await requirePulumiCli());
    await runReleases(stack, process.cwd(), openStack, {
      log: (line) => console.log(line),
      stream: (chunk) => process.stdout.write(chunk),
    });
    return 0;
  } catch (error) {
    console.error(`releases: ${describeFailure(error, stack)}`);
    return 1;
  }
});
