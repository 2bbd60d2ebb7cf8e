/**
 * `npm run release -- promote|abort|retry`: acts on an app's Argo Rollout the way `kubectl argo
 * rollouts` does, with the rollback's habits: the plan and its exact patches are printed first,
 * `--dry-run` stops there, and without `--yes` a person confirms on a terminal (no terminal: refused
 * before anything is read). After the answer the Rollout is read again, and a state change while the
 * person decided refuses rather than applying a patch planned for a state that is gone.
 */
import { assertCanConfirm, confirm, type AskHabits } from "../release-history/confirm";
import type { Output, Prompt } from "../release-history/ports";
import { describeRollout, planAction, ReleaseRefusal, type Action, type ActionPlan, type Rollout } from "./actions";
import { ApiNotFound, type ConnectCluster, type RolloutsApi, type StackOutputsPort } from "./ports";
import { releaseTarget } from "./target";

export interface ReleaseDeps {
  openStack: () => Promise<StackOutputsPort>;
  connect: ConnectCluster;
  prompt: Prompt;
  out: Pick<Output, "log">;
}

export type ReleaseOutcome = "applied" | "dry-run" | "cancelled";

const ASK: AskHabits = {
  skip: "pass --yes to act without asking, or --dry-run to only see the patches",
  refusal: ReleaseRefusal,
};
const DONE = { promote: "promoted", abort: "aborted", retry: "retried" } as const;

export interface ReleaseOptions {
  action: Action;
  stack: string;
  app: string;
  yes: boolean;
  dryRun: boolean;
}

export async function runRelease(options: ReleaseOptions, deps: ReleaseDeps): Promise<ReleaseOutcome> {
  const { action, stack, app } = options;
  const { out } = deps;
  const mustAsk = !options.dryRun && !options.yes;
  if (mustAsk) assertCanConfirm(deps.prompt, ASK);

  const target = releaseTarget(await (await deps.openStack()).outputs(), stack, app);
  const { namespace, rollout: name } = target;
  const api = deps.connect(target.access);
  const rollout = await read(api, namespace, name);
  out.log(`Rollout ${namespace}/${name} (app ${app}, stack ${stack}): ${describeRollout(rollout)}`);
  const plan = planAction(action, rollout);
  out.log(`${action} ${plan.effect}, with these JSON merge patches:`);
  for (const line of patchLines(plan, name)) out.log(`  ${line}`);

  if (options.dryRun) {
    out.log("Dry run: nothing was changed.");
    return "dry-run";
  }
  if (mustAsk) {
    const question = `${action} ${namespace}/${name} on stack ${stack}? Type yes to continue: `;
    if (!(await confirm(deps.prompt, question, ASK))) {
      out.log("Cancelled: nothing was changed.");
      return "cancelled";
    }
    const now = await read(api, namespace, name);
    if (JSON.stringify(planOrRefusal(action, now)) !== JSON.stringify(plan.patches))
      throw new ReleaseRefusal(
        `${name} changed while you decided (${describeRollout(now)}); nothing was changed: run the command again`,
      );
  }
  // promote.go order: the status patch, then the spec patch.
  if (plan.patches.status) await api.patch(namespace, name, plan.patches.status, "status");
  if (plan.patches.spec) await api.patch(namespace, name, plan.patches.spec);
  out.log(`rollout '${name}' ${DONE[action]}`);
  return "applied";
}

async function read(api: RolloutsApi, namespace: string, name: string): Promise<Rollout> {
  try {
    return await api.get(namespace, name);
  } catch (error) {
    if (!(error instanceof ApiNotFound)) throw error;
    throw new ReleaseRefusal(
      `there is no Rollout ${name} in namespace ${namespace}: the app's strategy is rolling (a Deployment), or Argo Rollouts is not installed`,
      { cause: error },
    );
  }
}

function planOrRefusal(action: ReleaseOptions["action"], rollout: Rollout): unknown {
  try {
    return planAction(action, rollout).patches;
  } catch (error) {
    if (error instanceof ReleaseRefusal) return error.message;
    throw error;
  }
}

function patchLines(plan: ActionPlan, name: string): string[] {
  const lines: string[] = [];
  if (plan.patches.status) lines.push(`PATCH rollouts/${name}/status ${JSON.stringify(plan.patches.status)}`);
  if (plan.patches.spec) lines.push(`PATCH rollouts/${name} ${JSON.stringify(plan.patches.spec)}`);
  return lines;
}
