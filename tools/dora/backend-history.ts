/** A stack's history from its backend, through the Automation API, read without secrets. */
import type { UpdateSummary } from "@pulumi/pulumi/automation";
import { stackHistory } from "./dora-run";

/** Loads the Automation API only when it is used: it takes seconds, and a history file needs none of it. */
export async function historyOfStack(stack: string): Promise<UpdateSummary[]> {
  const { automationStacks, describeFailure, requirePulumiCli } = await import("../release-history/automation");
  try {
    return await stackHistory(async (dir) => automationStacks(stack, await requirePulumiCli())(dir), process.cwd())();
  } catch (error) {
    throw new Error(describeFailure(error, stack), { cause: error });
  }
}
