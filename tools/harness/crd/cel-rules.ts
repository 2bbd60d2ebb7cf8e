/**
 * A schema node's `x-kubernetes-validations` rules, compiled once (the parse kept on disk for the next
 * process, parse-cache.ts) and evaluated on a value as the API
 * server does on create (kubernetes/kubernetes v1.33.13
 * staging/src/k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel/validation.go L352-500): a
 * transition rule (one reading `oldSelf`) is skipped, as there is no old object (L402-412); a rule that
 * is not true fails with its message, its messageExpression's result, or `failed rule: <rule>` (L744-757),
 * at its fieldPath under the node. A rule this offline check cannot compile (optional syntax such as
 * `?.`, which @bufbuild/cel 0.6.1 does not parse, or a function it lacks) is reported, never passed.
 */
import { isCelError, parse, plan, type CelInput, type CelResult } from "@bufbuild/cel";
import { RULE_ENV } from "./cel-library";
import { cachedParse } from "./parse-cache";
import type { ValidationRule } from "./schemas";

type Expr = ReturnType<typeof parse>["expr"];
type Program = (bindings: Record<string, CelInput>) => CelResult;
type Compiled = { program: Program; usesOldSelf: boolean } | { error: string };

/** Each sub-expression of a parsed expression, and every function it calls. */
function walk(expr: Expr | undefined, visit: (e: Expr) => void): void {
  if (!expr) return;
  visit(expr);
  const { case: kind, value } = expr.exprKind;
  if (kind === "callExpr") [value.target, ...value.args].forEach((e) => walk(e, visit));
  else if (kind === "selectExpr") walk(value.operand, visit);
  else if (kind === "listExpr") value.elements.forEach((e) => walk(e, visit));
  else if (kind === "structExpr")
    value.entries.forEach((entry) => {
      if (entry.keyKind.case === "mapKey") walk(entry.keyKind.value, visit);
      walk(entry.value, visit);
    });
  else if (kind === "comprehensionExpr")
    [value.iterRange, value.accuInit, value.loopCondition, value.loopStep, value.result].forEach((e) => walk(e, visit));
}

const compiled = new Map<string, Compiled>();

export function compileRule(rule: string): Compiled {
  if (!compiled.has(rule)) compiled.set(rule, compile(rule));
  return compiled.get(rule)!;
}

function compile(rule: string): Compiled {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = cachedParse("@bufbuild/cel", rule, parse);
  } catch (error) {
    return { error: (error as Error).message };
  }
  let usesOldSelf = false;
  const missing = new Set<string>();
  walk(parsed.expr, (e) => {
    if (e.exprKind.case === "identExpr" && e.exprKind.value.name === "oldSelf") usesOldSelf = true;
    // Operators (`_==_`, `@in`, `!_`) are the evaluator's own; named functions must be in the environment.
    const name = e.exprKind.case === "callExpr" ? e.exprKind.value.function : "";
    if (/^[a-zA-Z]/.test(name) && !RULE_ENV.funcs.find(name)) missing.add(name);
  });
  if (missing.size > 0) return { error: `no implementation of ${[...missing].sort().join(", ")}` };
  return { program: plan(RULE_ENV, parsed), usesOldSelf };
}

const ruleText = (rule: ValidationRule) => (rule.message ? rule.message.trim() : rule.rule.trim());

/** `.spec.foo['bar']` under `path`, as the API server prints it (`spec.foo[bar]`). */
function at(path: string, fieldPath: string | undefined): string {
  if (!fieldPath) return path;
  const relative = fieldPath.replace(/^\./, "").replace(/\['([^']*)'\]/g, "[$1]");
  return path ? `${path}.${relative}` : relative;
}

function failureMessage(rule: ValidationRule, self: CelInput): string {
  if (rule.messageExpression) {
    const compiledMessage = compileRule(rule.messageExpression);
    const message = "program" in compiledMessage ? compiledMessage.program({ self }) : undefined;
    if (typeof message === "string" && message.trim() !== "") return message;
  }
  return rule.message ? rule.message.trim() : `failed rule: ${rule.rule.trim()}`;
}

export interface RuleCount {
  evaluated: number;
  skippedTransition: number;
}

/** The problems `rules` find with `self` (the node's value as CEL sees it) at `path`. */
export function evaluateRules(
  rules: ValidationRule[],
  self: CelInput,
  path: string,
  type: string,
  count: RuleCount,
): string[] {
  const problems: string[] = [];
  for (const rule of rules) {
    const compiledRule = compileRule(rule.rule);
    if ("error" in compiledRule) {
      problems.push(`${path}: rule cannot be evaluated offline (${compiledRule.error}): ${rule.rule.trim()}`);
      continue;
    }
    if (compiledRule.usesOldSelf) {
      count.skippedTransition++;
      continue;
    }
    count.evaluated++;
    const result = compiledRule.program({ self });
    if (isCelError(result))
      problems.push(`${path}: Invalid value: "${type}": ${result.message} evaluating rule: ${ruleText(rule)}`);
    else if (result !== true)
      problems.push(`${at(path, rule.fieldPath)}: Invalid value: "${type}": ${failureMessage(rule, self)}`);
  }
  return problems;
}
