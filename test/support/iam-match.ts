/**
 * IAM matching for the controller-policy tests: does a granted policy allow every request a reference
 * statement allows? A reference statement is split into (action, resource) pairs; a pair is covered when
 * one granted Allow statement matches the action, has a resource pattern matching every ARN the
 * reference pattern can name, and has conditions that every request meeting the reference's conditions
 * also meets. The check is sound (a pair it calls covered is allowed) and conservative: where it
 * cannot prove implication it says "not covered", and the narrowings table must name the pair.
 * Deny, NotAction, NotResource and NotPrincipal are refused rather than half-evaluated.
 */

export type Conditions = Record<string, Record<string, unknown>>;

export interface IamStatement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Conditions;
}

export interface RequestPair {
  action: string;
  resource: string;
  conditions: Conditions;
}

function list(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).map(String);
}

/**
 * Glob coverage: does `pattern` match every string `target` can match? `target`'s own `*` and `?`
 * stand for characters chosen by whoever makes the request, so only a `*` (or, for `?`, a `?` or `*`)
 * of `pattern` may consume them; a literal in `pattern` matches only the same literal. IAM globs are
 * case-sensitive for ARNs and conditions, case-insensitive for actions (the caller lowers those).
 */
export function globCovers(pattern: string, target: string): boolean {
  const memo = new Map<string, boolean>();
  const go = (p: number, t: number): boolean => {
    const key = `${p},${t}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (p === pattern.length) result = t === target.length;
    else if (pattern[p] === "*") result = go(p + 1, t) || (t < target.length && go(p, t + 1));
    else if (t === target.length) result = false;
    else if (pattern[p] === "?") result = target[t] !== "*" && go(p + 1, t + 1);
    else result = pattern[p] === target[t] && target[t] !== "*" && target[t] !== "?" && go(p + 1, t + 1);
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}

/** An action pattern (`service:Verb*`) covers an action or action pattern; IAM compares actions case-insensitively. */
export function actionCovers(pattern: string, action: string): boolean {
  return globCovers(pattern.toLowerCase(), action.toLowerCase());
}

/**
 * A resource pattern covers an ARN or ARN pattern. IAM matches an ARN's first five segments one by one
 * (a wildcard does not reach across a `:` there); the sixth, the resource, may itself hold `:` and `/`.
 */
export function resourceCovers(pattern: string, resource: string): boolean {
  if (pattern === "*") return true;
  if (resource === "*") return false;
  const split = (arn: string) => {
    const parts = arn.split(":");
    return parts.length < 6 ? undefined : [...parts.slice(0, 5), parts.slice(5).join(":")];
  };
  const [p, r] = [split(pattern), split(resource)];
  if (!p || !r) return false;
  return p.every((segment, i) => globCovers(segment, r[i]));
}

const STRING_MATCH = ["StringEquals", "StringLike", "ArnEquals", "ArnLike"];

/**
 * An operator's parts: `ForAllValues:StringEqualsIfExists` → set ForAllValues, base StringEquals,
 * ifExists. Negated, numeric, date and Bool operators are refused: their implication runs the other
 * way or needs types this matcher does not model.
 */
function baseOperator(operator: string): { base: string; ifExists: boolean; set?: string } {
  const [set, rest] = operator.includes(":") ? operator.split(":") : [undefined, operator];
  const ifExists = rest.endsWith("IfExists");
  const base = ifExists ? rest.slice(0, -"IfExists".length) : rest;
  if (
    ![...STRING_MATCH, "Null"].includes(base) ||
    (set !== undefined && !["ForAllValues", "ForAnyValue"].includes(set))
  )
    throw new Error(`condition operator ${operator} is not supported by this matcher`);
  return { base, ifExists, set };
}

function valueCovers(base: string, granted: string, required: string): boolean {
  return base === "StringLike" || base === "ArnLike" ? globCovers(granted, required) : granted === required;
}

/**
 * Is one granted condition (operator, key, values) met by every request meeting the reference's
 * conditions? The reference must constrain the same key at least as tightly: the same operator with
 * values each covered by a granted value (StringLike/ArnLike patterns cover narrower patterns or
 * literals; StringEquals only equal literals), or, for `Null: false`, any positive string test on the key.
 */
function conditionImplied(operator: string, key: string, granted: unknown, reference: Conditions): boolean {
  const { base, ifExists, set } = baseOperator(operator);
  const grantedValues = list(granted);
  for (const [refOperator, refKeys] of Object.entries(reference)) {
    if (!(key in refKeys)) continue;
    const refValues = list(refKeys[key]);
    const ref = baseOperator(refOperator);
    if (base === "Null") {
      if (refOperator === "Null" && refValues.every((v) => grantedValues.includes(v))) return true;
      const presentIsEnough = grantedValues.every((v) => v === "false");
      if (presentIsEnough && STRING_MATCH.includes(ref.base) && !ref.ifExists && ref.set === undefined) return true;
      continue;
    }
    if (set !== ref.set) continue;
    // A reference that tolerates an absent key does not imply a granted test that requires it.
    if (ref.ifExists && !ifExists) continue;
    const sameKind =
      ref.base === base ||
      (base === "StringLike" && ref.base === "StringEquals") ||
      (base === "ArnLike" && ref.base === "ArnEquals");
    if (!sameKind) continue;
    if (refValues.every((r) => grantedValues.some((g) => valueCovers(base, g, r)))) return true;
  }
  return false;
}

export function conditionsImplied(granted: Conditions | undefined, reference: Conditions): boolean {
  return Object.entries(granted ?? {}).every(([operator, keys]) =>
    Object.entries(keys).every(([key, values]) => conditionImplied(operator, key, values, reference)),
  );
}

function refuseUnsupported(statement: IamStatement, where: string): void {
  const s = statement as unknown as Record<string, unknown>;
  for (const key of ["NotAction", "NotResource", "NotPrincipal"])
    if (key in s) throw new Error(`${where}: ${key} is not supported by this matcher`);
  if (statement.Effect !== "Allow")
    throw new Error(`${where}: only Allow statements are supported (${statement.Effect})`);
}

/** The reference statement's (action, resource) pairs, each carrying the statement's conditions. */
export function requestPairs(reference: IamStatement[]): RequestPair[] {
  return reference.flatMap((statement, i) => {
    refuseUnsupported(statement, `reference statement ${statement.Sid ?? i}`);
    return list(statement.Action).flatMap((action) =>
      list(statement.Resource).map((resource) => ({ action, resource, conditions: statement.Condition ?? {} })),
    );
  });
}

/** The first granted statement that allows every request of the pair, if any. */
export function coveringStatement(granted: IamStatement[], pair: RequestPair): IamStatement | undefined {
  granted.forEach((statement, i) => refuseUnsupported(statement, `granted statement ${statement.Sid ?? i}`));
  return granted.find(
    (statement) =>
      list(statement.Action).some((a) => actionCovers(a, pair.action)) &&
      list(statement.Resource).some((r) => resourceCovers(r, pair.resource)) &&
      conditionsImplied(statement.Condition, pair.conditions),
  );
}

/**
 * A concrete request: does any granted statement allow it? `context` holds the request's condition
 * keys; a multi-valued key (aws:TagKeys) is an array, tested by ForAllValues/ForAnyValue operators.
 */
export function allows(
  granted: IamStatement[],
  request: { action: string; resource: string; context?: Record<string, string | string[]> },
): boolean {
  const context = request.context ?? {};
  const met = (operator: string, key: string, values: unknown): boolean => {
    const { base, ifExists, set } = baseOperator(operator);
    if (base === "Null") return list(values).every((v) => (v === "true") === !(key in context));
    if (!(key in context)) return set === "ForAllValues" || ifExists;
    const asked = list(context[key]);
    const one = (value: string) => list(values).some((v) => valueCovers(base, v, value));
    if (set === "ForAllValues") return asked.every(one);
    return asked.some(one);
  };
  return granted.some((statement) => {
    refuseUnsupported(statement, `granted statement ${statement.Sid ?? ""}`);
    if (!list(statement.Action).some((a) => actionCovers(a, request.action))) return false;
    if (!list(statement.Resource).some((r) => resourceCovers(r, request.resource))) return false;
    return Object.entries(statement.Condition ?? {}).every(([operator, keys]) =>
      Object.entries(keys).every(([key, values]) => met(operator, key, values)),
    );
  });
}
