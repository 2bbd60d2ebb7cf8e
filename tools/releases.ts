/**
 * `npm run releases -- --stack <name>`: every update of the stack, newest first, with what changed.
 * History is read without secrets. Needs the Pulumi CLI and a login to the stack's backend.
 * Exit codes: 0 listed; 2 usage error; 1 any other failure.
 */
import { parseReleasesArgs, UsageError } from "./release-history/args";
import { automationStacks, describeFailure, requirePulumiCli } from "./release-history/automation";
import { runReleases } from "./release-history/releases-run";

async function main(): Promise<number> {
  let stack: string;
  try {
    ({ stack } = parseReleasesArgs(process.argv.slice(2)));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(error.message);
    return 2;
  }
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
}

void main().then((code) => process.exit(code));
