/**
 * Which patch `npm run release` applies for which Rollout state: the patches of `kubectl argo
 * rollouts` v1.9.0 (pkg/kubectl-argo-rollouts/cmd/promote/promote.go getPatches, abort.go, retry.go),
 * and a refusal where the action cannot help.
 */
import { planAction, ReleaseRefusal, type Rollout } from "../tools/rollout-control/actions";
import { ROLLOUTS } from "./support/rollouts";

const refusal = (action: Parameters<typeof planAction>[0], rollout: Rollout) => {
  try {
    planAction(action, rollout);
  } catch (error) {
    expect(error).toBeInstanceOf(ReleaseRefusal);
    return (error as Error).message;
  }
  throw new Error(`${action} was not refused`);
};

describe("promote", () => {
  test("a canary at a pause step: clear the pause conditions (the controller moves on)", () => {
    expect(planAction("promote", ROLLOUTS.canaryAtPause)).toEqual({
      patches: { status: { status: { pauseConditions: null } } },
      effect: "resumes shop-web",
    });
  });

  test("an inconclusive analysis: also lift the controller pause and step past the analysis", () => {
    expect(planAction("promote", ROLLOUTS.canaryInconclusive).patches).toEqual({
      status: { status: { pauseConditions: null, controllerPause: false, currentStepIndex: 3 } },
    });
    // At the last step the index stays at the number of steps, as GetCurrentCanaryStep's caller caps it.
    const last = structuredClone(ROLLOUTS.canaryInconclusive);
    last.status!.currentStepIndex = 4;
    expect(planAction("promote", last).patches.status).toEqual({
      status: { pauseConditions: null, controllerPause: false, currentStepIndex: 4 },
    });
  });

  test("paused by hand (spec.paused): unpause the spec and move one step, status first", () => {
    const plan = planAction("promote", ROLLOUTS.canaryPausedByUser);
    expect(plan.patches).toEqual({
      status: { status: { pauseConditions: null, currentStepIndex: 3 } },
      spec: { spec: { paused: false } },
    });
    expect(plan.effect).toBe("resumes shop-web at step 3 of 4");
  });

  test("blue/green awaiting promotion: clear the pause, the preview becomes active", () => {
    expect(planAction("promote", ROLLOUTS.blueGreenAwaiting)).toEqual({
      patches: { status: { status: { pauseConditions: null } } },
      effect: "resumes shop-web (the preview becomes active)",
    });
  });

  test("refused when the rollout is not paused, or aborted", () => {
    expect(refusal("promote", ROLLOUTS.canaryProgressing)).toBe(
      "shop-web is not paused (phase Progressing, step 0 of 4): there is nothing to promote; it is progressing or done",
    );
    expect(refusal("promote", ROLLOUTS.canaryHealthy)).toMatch(/^shop-web is not paused \(phase Healthy/);
    expect(refusal("promote", ROLLOUTS.canaryAborted)).toMatch(/^shop-web is aborted: `retry` starts the update again/);
  });
});

describe("abort and retry", () => {
  test("abort sets status.abort on an update in progress, paused or not", () => {
    for (const rollout of [ROLLOUTS.canaryProgressing, ROLLOUTS.canaryInconclusive, ROLLOUTS.blueGreenAwaiting]) {
      expect(planAction("abort", rollout).patches).toEqual({ status: { status: { abort: true } } });
    }
  });

  test("abort is refused when already aborted or when nothing is being updated", () => {
    expect(refusal("abort", ROLLOUTS.canaryAborted)).toBe("shop-web is already aborted; stable is serving");
    expect(refusal("abort", ROLLOUTS.canaryHealthy)).toMatch(/^shop-web has no update in progress \(phase Healthy/);
  });

  test("retry clears status.abort, and only on an aborted rollout", () => {
    expect(planAction("retry", ROLLOUTS.canaryAborted).patches).toEqual({ status: { status: { abort: false } } });
    expect(refusal("retry", ROLLOUTS.canaryInconclusive)).toMatch(
      /^shop-web is not aborted \(phase Paused, "InconclusiveAnalysisRun", step 2 of 4, paused: InconclusiveAnalysisRun, analysis shop-web-7d9f8c6b5-2 Inconclusive\): only an aborted rollout/,
    );
  });
});
