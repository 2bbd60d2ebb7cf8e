/**
 * `npm run release -- promote|abort|retry --stack <name> --app <app> [--yes] [--dry-run]`: promotes,
 * aborts or retries an app's Argo Rollout like `kubectl argo rollouts`, through the cluster access the
 * stack exports. Needs the Pulumi CLI and a login to the stack's backend (the outputs hold the
 * kubeconfig as a secret, so also the secrets provider), and on EKS the AWS CLI and credentials.
 * Exit codes: 0 applied or dry run; 1 failed or cancelled; 2 usage error or refused (nothing changed).
 */
import { runCommand } from "./cli";
import { releaseCommand } from "./release-commands";
import { terminal } from "./release-history/terminal";
import { automationStacks, describeFailure, requirePulumiCli } from "./release-history/automation";
import { ReleaseRefusal } from "./rollout-control/actions";
import { rolloutsApi } from "./rollout-control/kube-api";
import { connectionFor, KubeconfigError } from "./rollout-control/kubeconfig";
import type { ConnectCluster } from "./rollout-control/ports";
import { runRelease } from "./rollout-control/run";

const connect: ConnectCluster = (access) => rolloutsApi(connectionFor(access));

runCommand(releaseCommand, async (options) => {
  try {
    const openStack = automationStacks(options.stack, await requirePulumiCli());
    const outcome = await runRelease(options, {
      openStack: () => openStack(process.cwd()),
      connect,
      prompt: terminal,
      out: { log: (line) => console.log(line) },
    });
    return outcome === "cancelled" ? 1 : 0;
  } catch (error) {
    if (error instanceof ReleaseRefusal) {
      console.error(`${options.action} refused: ${error.message}`);
      return 2;
    }
    const reason = error instanceof KubeconfigError ? error.message : describeFailure(error, options.stack);
    console.error(`${options.action} failed: ${reason}`);
    return 1;
  }
});
