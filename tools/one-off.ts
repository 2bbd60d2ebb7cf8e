/**
 * `npm run run -- --stack <name> --app <app> [--process web] [--yes] [--dry-run] -- <command…>`:
 * runs a command once in the app's current release (tools/one-off-run/run.ts), through the cluster
 * access the stack exports, like `npm run release`.
 * Exit codes: the command's own; 0 for a dry run; 1 failed or cancelled; 2 usage error or refused.
 */
import { randomBytes } from "node:crypto";
import { runCommand } from "./cli";
import { oneOffCommand } from "./release-commands";
import { automationStacks, describeFailure, requirePulumiCli } from "./release-history/automation";
import { terminal } from "./release-history/terminal";
import { kubeRequests } from "./rollout-control/kube-api";
import { connectionFor, KubeconfigError } from "./rollout-control/kubeconfig";
import { jobsApi } from "./one-off-run/kube-api";
import { runOneOff } from "./one-off-run/run";
import { OneOffRefusal } from "./one-off-run/target";

runCommand(oneOffCommand, async (options) => {
  try {
    const openStack = automationStacks(options.stack, await requirePulumiCli());
    return await runOneOff(options, {
      openStack: () => openStack(process.cwd()),
      connect: (access) => jobsApi(kubeRequests(connectionFor(access))),
      prompt: terminal,
      out: { log: (line) => console.log(line), stream: (chunk) => process.stdout.write(chunk) },
      runId: () => randomBytes(3).toString("hex"),
    });
  } catch (error) {
    if (error instanceof OneOffRefusal) {
      console.error(`run refused: ${error.message}`);
      return 2;
    }
    const reason = error instanceof KubeconfigError ? error.message : describeFailure(error, options.stack);
    console.error(`run failed: ${reason}`);
    return 1;
  }
});
