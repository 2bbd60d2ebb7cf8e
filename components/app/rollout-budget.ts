/**
 * How long a progressive release may take, derived from its config, so that `pulumi up` waits long
 * enough for every step and no longer. Each scale-up gets the app's `rolloutTimeoutSeconds` for its
 * pods to become ready (Argo aborts a step that stalls longer, see progressDeadlineAbort); pauses,
 * analyses and manual gates add their own durations.
 */
import type { AnalysisConfig, BlueGreenStrategy, CanaryStrategy } from "../../config/types";
import { approvalSeconds, manualGates } from "../../config/strategy";

/** Upper bound of one analysis run: the delay, then `count` measurements an `interval` apart. */
function analysisSeconds(analysis: AnalysisConfig): number {
  return analysis.initialDelay.seconds + analysis.count * analysis.interval.seconds;
}

export function rolloutBudgetSeconds(
  strategy: CanaryStrategy | BlueGreenStrategy,
  rolloutTimeoutSeconds: number,
): number {
  const approvals = manualGates(strategy) * approvalSeconds(strategy);
  if (strategy.type === "canary") {
    let total = rolloutTimeoutSeconds; // the final promotion to 100%
    for (const step of strategy.steps) {
      if ("setWeight" in step) total += rolloutTimeoutSeconds;
      else if ("analysis" in step) total += analysisSeconds(strategy.analysis);
      else total += step.pause.duration?.seconds ?? 0;
    }
    return total + approvals;
  }
  const analyses = [strategy.prePromotionAnalysis, strategy.postPromotionAnalysis].filter(Boolean).length;
  return (
    rolloutTimeoutSeconds +
    analyses * analysisSeconds(strategy.analysis) +
    (strategy.autoPromotion ? (strategy.autoPromotionSeconds ?? 0) : 0) +
    strategy.scaleDownDelaySeconds +
    approvals
  );
}
