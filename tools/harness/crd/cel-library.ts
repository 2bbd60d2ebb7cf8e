/**
 * The CEL environment CRD rules are compiled in, as the API server's base environment has it for the
 * functions the pinned rules call beyond standard CEL (kubernetes/kubernetes v1.33.13
 * staging/src/k8s.io/apiserver/pkg/cel/environment/base.go L62-131: library.Regex, ext.Strings v2).
 * Standard CEL (has, size, all, exists, exists_one, filter, matches, startsWith, endsWith, contains,
 * in, int, duration) is @bufbuild/cel's own; only what it lacks or does differently is defined here.
 */
import { celEnv, celError, celList, celMethod, CelScalar, listType, type CelEnv } from "@bufbuild/cel";
import { RE2JS } from "@bufbuild/re2";

const compiled = new Map<string, RE2JS>();

/** Compiles with RE2, as Go's regexp does; a pattern RE2 refuses is the rule's error, as upstream's. */
function re2(pattern: string): RE2JS {
  if (!compiled.has(pattern)) {
    try {
      compiled.set(pattern, RE2JS.compile(pattern));
    } catch (error) {
      throw celError(`Illegal regex: ${(error as Error).message}`);
    }
  }
  return compiled.get(pattern)!;
}

/**
 * The same pattern for a JavaScript RegExp, to locate the match RE2 says exists (RE2JS only tests).
 * Leftmost-first matching is RE2's and JavaScript's alike; a leading `(?i)` becomes the `i` flag.
 * A pattern JavaScript cannot read is reported, never guessed.
 */
function locator(pattern: string): RegExp {
  const insensitive = pattern.startsWith("(?i)");
  try {
    return new RegExp(insensitive ? pattern.slice(4) : pattern, insensitive ? "iu" : "u");
  } catch {
    throw celError(`find: the pattern ${JSON.stringify(pattern)} cannot be evaluated offline`);
  }
}

/**
 * `<string>.find(<string>) -> <string>`: the leftmost match, or "" when none (kubernetes/kubernetes
 * v1.33.13 staging/src/k8s.io/apiserver/pkg/cel/library/regex.go L97-112, Go's Regexp.FindString).
 */
export function find(text: string, pattern: string): string {
  const matches = re2(pattern).test(text);
  const found = locator(pattern).exec(text);
  if ((found !== null) !== matches) throw celError(`find: RE2 and the offline locator disagree on ${pattern}`);
  return found?.[0] ?? "";
}

/**
 * `<string>.split(<string>[, <int>]) -> <list<string>>`, Go's strings.Split and strings.SplitN
 * (google/cel-go v0.23.2 ext/strings.go L210-228, L647-653): a limit n > 0 gives at most n parts,
 * the last holding the rest; 0 gives none; a negative one splits all. An empty separator splits
 * between characters (Go's UTF-8 sequences, code points here).
 */
export function split(text: string, separator: string, limit = -1n): string[] {
  if (limit === 0n) return [];
  const all = separator === "" ? [...text] : text.split(separator);
  if (limit < 0n || BigInt(all.length) <= limit) return all;
  const head = all.slice(0, Number(limit) - 1);
  return [...head, all.slice(head.length).join(separator)];
}

const STRING_LIST = listType(CelScalar.STRING);

const KUBERNETES_FUNCTIONS = [
  celMethod("find", CelScalar.STRING, [CelScalar.STRING], CelScalar.STRING, function (pattern) {
    return find(this, pattern);
  }),
  celMethod("split", CelScalar.STRING, [CelScalar.STRING], STRING_LIST, function (separator) {
    return celList(split(this, separator));
  }),
  celMethod("split", CelScalar.STRING, [CelScalar.STRING, CelScalar.INT], STRING_LIST, function (separator, limit) {
    return celList(split(this, separator, limit));
  }),
];

/** The environment every rule runs in: `self`, and `oldSelf` for transition rules. */
export const RULE_ENV: CelEnv = celEnv({ funcs: KUBERNETES_FUNCTIONS });
