/**
 * How long a progressive release may take, derived from its config, so that `pulumi up` waits long
 * enough for every step and no longer. Each scale-up gets the app's `rolloutTimeoutSeconds` for its
 * pods to become ready (Argo aborts a step that stalls longer, see progressDeadlineAbort); pauses,
 * analyses and manual gates add their own durations. An analysis with acceptance Jobs lasts as long
 * as the slower of its Prometheus measurements and its Jobs, which run side by side.
 */
import type { AnalysisConfig, BlueGreenStrategy, CanaryStrategy } from "../../config/types";
import { approvalSeconds, manualGates } from "../../config/strategy";
import { acceptanceSeconds } from "./acceptance";

/** Upper bound of one analysis run: the delay, then `count` measurements an `interval` apart. */
function analysisSeconds(analysis: AnalysisConfig): number {
  return analysis.initialDelay.seconds + analysis.count * analysis.interval.seconds;
}

export function rolloutBudgetSeconds(
  strategy: CanaryStrategy | BlueGreenStrategy,
  rolloutTimeoutSeconds: number,
): number {
  const approvals = manualGates(strategy) * approvalSeconds(strategy);
  const acceptance = acceptanceSeconds(strategy.acceptance);
  if (strategy.type === "canary") {
    let total = rolloutTimeoutSeconds; // the final promotion to 100%
    for (const step of strategy.steps) {
      if ("setWeight" in step) total += rolloutTimeoutSeconds;
      else if ("analysis" in step) total += Math.max(analysisSeconds(strategy.analysis), acceptance);
      else total += step.pause.duration?.seconds ?? 0;
    }
    return total + approvals;
  }
  const kpi = analysisSeconds(strategy.analysis);
  const pre = Math.max(strategy.prePromotionAnalysis ? kpi : 0, acceptance);
  const post = strategy.postPromotionAnalysis ? kpi : 0;
  return (
    rolloutTimeoutSeconds +
    pre +
    post +
    (strategy.autoPromotion ? (strategy.autoPromotionSeconds ?? 0) : 0) +
    strategy.scaleDownDelaySeconds +
    approvals
  );
}
