/**
 * What `promote`, `abort` and `retry` change on an Argo Rollout, decided from its current state.
 * The patches are those of `kubectl argo rollouts` at the controller version Slipway installs
 * (argoproj/argo-rollouts v1.9.0, pkg/kubectl-argo-rollouts/cmd/{promote,abort,retry}/*.go): JSON
 * merge patches, status fields through the `status` subresource (the v1.9.0 Rollout CRD has one,
 * manifests/crds/rollout-crd.yaml), `spec.paused` through the resource itself. Unlike the plugin,
 * which patches whatever it finds, each action here refuses a Rollout in a state it cannot help.
 */

export type Action = "promote" | "abort" | "retry";
export const ACTIONS: readonly Action[] = ["promote", "abort", "retry"];

/** The fields of an argoproj.io/v1alpha1 Rollout the actions read (pkg/apis/rollouts/v1alpha1/types.go). */
export interface Rollout {
  metadata: { name: string; namespace?: string };
  spec: {
    paused?: boolean;
    strategy?: { canary?: { steps?: unknown[] }; blueGreen?: unknown };
  };
  status?: {
    abort?: boolean;
    pauseConditions?: { reason: string; startTime?: string }[];
    controllerPause?: boolean;
    currentStepIndex?: number;
    currentPodHash?: string;
    stableRS?: string;
    phase?: string;
    message?: string;
    canary?: { currentStepAnalysisRunStatus?: { name?: string; status?: string } };
  };
}

/** A merge patch for the status subresource, for the resource (spec), or both; status goes first. */
interface Patches {
  status?: Record<string, unknown>;
  spec?: Record<string, unknown>;
}

export interface ActionPlan {
  patches: Patches;
  /** One line saying what the patches do. */
  effect: string;
}

/** An action that must not be applied to the Rollout as it is. Nothing was changed. */
export class ReleaseRefusal extends Error {
  override name = "ReleaseRefusal";
}

export function planAction(action: Action, rollout: Rollout): ActionPlan {
  switch (action) {
    case "promote":
      return planPromote(rollout);
    case "abort":
      return planAbort(rollout);
    case "retry":
      return planRetry(rollout);
  }
}

/** One line for the report: phase, message, step and why it is paused. */
export function describeRollout(rollout: Rollout): string {
  const status = rollout.status ?? {};
  const parts = [`phase ${status.phase ?? "unknown"}`];
  if (status.message) parts.push(`"${status.message}"`);
  const steps = rollout.spec.strategy?.canary?.steps;
  if (steps && steps.length > 0) parts.push(`step ${status.currentStepIndex ?? 0} of ${steps.length}`);
  if (status.abort) parts.push("aborted");
  if (rollout.spec.paused) parts.push("paused by a user (spec.paused)");
  const reasons = (status.pauseConditions ?? []).map((c) => c.reason);
  if (reasons.length > 0) parts.push(`paused: ${reasons.join(", ")}`);
  const analysis = status.canary?.currentStepAnalysisRunStatus;
  if (analysis?.status) parts.push(`analysis ${analysis.name ?? ""} ${analysis.status}`.replace("  ", " "));
  return parts.join(", ");
}

function updating(rollout: Rollout): boolean {
  const status = rollout.status ?? {};
  return status.currentPodHash !== undefined && status.currentPodHash !== status.stableRS;
}

/**
 * promote.go getPatches, default case (no --full): unpause the spec; clear the pause conditions;
 * when a canary's step analysis was inconclusive and the controller paused it, also lift the
 * controller pause and move past that step; a canary paused only through spec.paused moves one step.
 */
function planPromote(rollout: Rollout): ActionPlan {
  const status = rollout.status ?? {};
  const name = rollout.metadata.name;
  if (status.abort)
    throw new ReleaseRefusal(`${name} is aborted: \`retry\` starts the update again; promote has nothing to resume`);
  const conditions = status.pauseConditions ?? [];
  if (!rollout.spec.paused && conditions.length === 0)
    throw new ReleaseRefusal(
      `${name} is not paused (${describeRollout(rollout)}): there is nothing to promote; it is progressing or done`,
    );
  const patches: Patches = {};
  if (rollout.spec.paused) patches.spec = { spec: { paused: false } };
  const steps = rollout.spec.strategy?.canary?.steps ?? [];
  // replicasetutil.GetCurrentCanaryStep: an index only for a canary with steps, 0 when unset.
  const index = steps.length > 0 ? (status.currentStepIndex ?? 0) : undefined;
  const next = index === undefined ? undefined : Math.min(index + 1, steps.length);
  const inconclusive = status.canary?.currentStepAnalysisRunStatus?.status === "Inconclusive";
  let moveTo: number | undefined;
  if (inconclusive && conditions.length > 0 && status.controllerPause) {
    moveTo = next;
    if (next !== undefined)
      patches.status = { status: { pauseConditions: null, controllerPause: false, currentStepIndex: next } };
  } else if (conditions.length > 0) {
    patches.status = { status: { pauseConditions: null } };
  } else if (next !== undefined) {
    moveTo = next;
    patches.status = { status: { pauseConditions: null, currentStepIndex: next } };
  }
  const where = moveTo === undefined ? "" : ` at step ${moveTo} of ${steps.length}`;
  const blueGreen = rollout.spec.strategy?.blueGreen ? " (the preview becomes active)" : "";
  return { patches, effect: `resumes ${name}${where}${blueGreen}` };
}

/** abort.go: `{"status":{"abort":true}}`; traffic returns to the stable ReplicaSet. */
function planAbort(rollout: Rollout): ActionPlan {
  const name = rollout.metadata.name;
  if (rollout.status?.abort) throw new ReleaseRefusal(`${name} is already aborted; stable is serving`);
  if (!updating(rollout))
    throw new ReleaseRefusal(`${name} has no update in progress (${describeRollout(rollout)}): nothing to abort`);
  return {
    patches: { status: { status: { abort: true } } },
    // abort.go's help: spec.template still holds the new version; leaving the aborted state retries it.
    effect: `aborts ${name}: all traffic returns to the stable version; the new version stays in the spec until a retry or the next release`,
  };
}

/** retry.go: `{"status":{"abort":false}}`; the controller takes up the update to the new version again. */
function planRetry(rollout: Rollout): ActionPlan {
  const name = rollout.metadata.name;
  if (!rollout.status?.abort)
    throw new ReleaseRefusal(
      `${name} is not aborted (${describeRollout(rollout)}): only an aborted rollout can be retried`,
    );
  return {
    patches: { status: { status: { abort: false } } },
    effect: `retries ${name}: the controller rolls out the new version again`,
  };
}
