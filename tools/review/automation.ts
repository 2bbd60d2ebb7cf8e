/**
 * The review tool's only calls to the Automation API (pulumi/pulumi v3.248.0
 * sdk/nodejs/automation/localWorkspace.ts): a LocalWorkspace on the checkout's project lists the
 * backend's stacks (`pulumi stack ls --json`), creates or selects one, rewrites its file from its last
 * update (`refreshConfig`: `pulumi config refresh --force`, which restores the config and the secrets
 * provider's salt or key from state: pulumi/pulumi v3.248.0 pkg/cmd/pulumi/config/config.go,
 * newConfigRefreshCmd), and removes one (`pulumi stack rm --yes`, which deletes that file too); a
 * stack's last update's config is read from its history without secrets
 * (stack.ts, `history(pageSize, page, showSecrets)`), because a review stack's file is never committed:
 * the backend's record is the only one there is. Needs the Pulumi CLI (release-history/automation.ts).
 */
import { LocalWorkspace, StackNotFoundError, type PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import type { HttpGet, ReviewWorkspace } from "./ports";

export async function automationWorkspace(projectDir: string, pulumiCommand: PulumiCommand): Promise<ReviewWorkspace> {
  const workspace = await LocalWorkspace.create({ workDir: projectDir, pulumiCommand });
  const select = async (stackName: string): Promise<Stack | undefined> => {
    try {
      return await LocalWorkspace.selectStack({ stackName, workDir: projectDir }, { pulumiCommand });
    } catch (error) {
      if (error instanceof StackNotFoundError) return undefined;
      throw error;
    }
  };
  return {
    projectDir,
    listStacks: () => workspace.listStacks(),
    async lastUpdateConfig(stackName) {
      const [last] = (await (await select(stackName))?.history(1, 1, false)) ?? [];
      return last?.config;
    },
    createOrSelectStack: (stackName) =>
      LocalWorkspace.createOrSelectStack({ stackName, workDir: projectDir }, { pulumiCommand }),
    selectStack: select,
    refreshStackFile: async (stackName) => void (await workspace.refreshConfig(stackName)),
    removeStack: (stackName) => workspace.removeStack(stackName),
  };
}

/** One GET with the smoke check's per-request bound (5 s), redirects not followed (curl's default too). */
export const fetchStatus: HttpGet = async (url) => {
  try {
    const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(5_000) });
    await response.body?.cancel();
    return response.status;
  } catch {
    return 0;
  }
};
