/**
 * The only file that calls the Automation API. It needs the Pulumi CLI on PATH (the Automation API
 * drives it) and the credentials of the stack's backend and secrets provider.
 */
import {
  LocalWorkspace,
  PulumiCommand,
  StackNotFoundError,
  type PulumiCommandOptions,
  type Stack,
} from "@pulumi/pulumi/automation";

export class PulumiCliMissing extends Error {
  override name = "PulumiCliMissing";
}

export async function requirePulumiCli(options?: PulumiCommandOptions): Promise<PulumiCommand> {
  try {
    return await PulumiCommand.get(options);
  } catch (error) {
    if (!String((error as Error).message).includes("ENOENT")) throw error;
    throw new PulumiCliMissing(
      "the Pulumi CLI was not found (`pulumi` is not on PATH): the release tools and dora drive it through the Automation API (dora can read `--history <file>` instead). " +
        "Install it (https://www.pulumi.com/docs/install/), log in to the stack's backend (`pulumi login`), and retry",
    );
  }
}

/**
 * `LocalWorkspace.selectStack` for the stack in a project directory (a checkout or a worktree). The
 * real `Stack` satisfies each tool's port (release-history/ports.ts, rollout-control/ports.ts).
 */
export function automationStacks(stackName: string, pulumiCommand: PulumiCommand): (workDir: string) => Promise<Stack> {
  return (workDir) => LocalWorkspace.selectStack({ stackName, workDir }, { pulumiCommand });
}

/** A one-line reason for the failures a user can fix; anything else keeps the CLI's full text. */
export function describeFailure(error: unknown, stackName: string): string {
  if (error instanceof PulumiCliMissing) return error.message;
  if (error instanceof StackNotFoundError) {
    return `stack ${stackName} was not found in the backend you are logged in to (check \`pulumi whoami -v\` and \`pulumi stack ls\`)`;
  }
  return error instanceof Error ? error.message : String(error);
}
