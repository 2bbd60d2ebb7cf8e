/**
 * Argo Rollouts' verdict on one measurement, from a metric's success and failure conditions
 * (utils/evaluate: failure wins; neither true means Inconclusive). The conditions are expr-lang;
 * the few functions they use are mapped to JavaScript here.
 */
type Verdict = "Successful" | "Failed" | "Inconclusive";

function evaluate(condition: string, result: number[]): boolean {
  const js = condition.replace(/len\(result\)/g, "result.length").replace(/isNaN\(/g, "Number.isNaN(");
  // Argo's conditions are expr-lang; after the two rewrites above they are plain JavaScript expressions.
  // oxlint-disable-next-line typescript/no-implied-eval -- the condition under test, as JavaScript
  return new Function("result", `return ${js};`)(result) as boolean;
}

export function verdict(metric: { successCondition: string; failureCondition: string }, result: number[]): Verdict {
  if (evaluate(metric.failureCondition, result)) return "Failed";
  return evaluate(metric.successCondition, result) ? "Successful" : "Inconclusive";
}
