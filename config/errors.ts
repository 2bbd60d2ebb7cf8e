/**
 * Turns zod issues into messages a user can act on: the full config key, what was expected and what
 * was given, e.g. `slipway:apps.web.replicas: expected an integer ≥ 1, got "two"`.
 */
import type { z } from "zod";
import { closestKnownKey, knownKeysAt } from "./schema-walk";

/** A message may say this for the app its key is under; formatIssues puts the app's name in. */
export const APP_OF_KEY = "<app>";

export interface ConfigProblem {
  /** Full config path, e.g. `slipway:apps.web.replicas`. */
  key: string;
  message: string;
}

function describeProblem(problem: ConfigProblem): string {
  return `${problem.key}: ${problem.message}`;
}

/** `slipway:` and the path, e.g. `slipway:apps.web.domains[0]`. */
export function configKey(path: ReadonlyArray<PropertyKey>): string {
  const [head, ...rest] = path;
  let key = `slipway:${String(head ?? "")}`;
  for (const part of rest) key += typeof part === "number" ? `[${part}]` : `.${String(part)}`;
  return key;
}

/**
 * Values under `slipway:secrets` are never echoed back, nor what was typed in place of the name of the
 * notifications webhook's secret (likely the URL itself, a credential).
 */
function given(path: ReadonlyArray<PropertyKey>, input: unknown): string {
  if (path[0] === "secrets" || (path[0] === "notifications" && path[1] === "webhook")) return "";
  if (input === undefined) return ", got nothing";
  // JSON.stringify answers undefined only for functions and symbols, which YAML cannot hold.
  const text = JSON.stringify(input) ?? typeof input;
  return `, got ${text.length > 60 ? `${text.slice(0, 57)}...` : text}`;
}

/** What a key holds, for a value that is null: the key was written with nothing under it. */
const CONTAINERS: Record<string, string> = { record: "a map", object: "a map", array: "a list" };

/**
 * `env:` followed by its entries at the same indentation makes env null and the entries keys of the
 * app: zod's "expected record, received null" would not say so.
 */
function nullProblem(issue: z.core.$ZodIssue): string | undefined {
  const expected = issue.code === "invalid_type" ? CONTAINERS[issue.expected] : undefined;
  if (expected === undefined || (issue as { input?: unknown }).input !== null) return undefined;
  return `expected ${expected}, got nothing (null): the key has nothing under it. Indent what belongs under it by two more spaces than the key, or remove the key${expected === "a list" ? " (an empty list is [])" : " (an empty map is {})"}`;
}

/** `slipway:apps.web.env.X` → `web`, for messages that name the app (APP_OF_KEY). */
function withApp(message: string, path: ReadonlyArray<PropertyKey>): string {
  return path[0] === "apps" && path.length > 1 ? message.replaceAll(APP_OF_KEY, String(path[1])) : message;
}

/** A cross-field rule's problem travels through zod as a custom issue that carries its key (config/stack-rules.ts). */
function ruleProblem(issue: z.core.$ZodIssue): ConfigProblem | undefined {
  const key: unknown = issue.code === "custom" ? issue.params?.configKey : undefined;
  return typeof key === "string" ? { key, message: issue.message } : undefined;
}

export function formatIssues(issues: z.core.$ZodIssue[], root: z.ZodType): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of issues) {
    const fromRule = ruleProblem(issue);
    if (fromRule !== undefined) {
      problems.push(fromRule);
      continue;
    }
    const nothing = nullProblem(issue);
    if (nothing !== undefined) {
      problems.push({ key: configKey(issue.path), message: nothing });
      continue;
    }
    const input = (issue as { input?: unknown }).input;
    if (issue.code === "unrecognized_keys") {
      const known = knownKeysAt(root, issue.path);
      for (const key of issue.keys) {
        const suggestion = closestKnownKey(key, known);
        const emptied = Object.entries((input ?? {}) as Record<string, unknown>).find(([, value]) => value === null);
        const hint = suggestion
          ? `did you mean "${suggestion}"?`
          : emptied
            ? `does it belong under ${emptied[0]}, which has nothing under it? Indent it there`
            : `expected one of: ${known.join(", ")}`;
        problems.push({ key: configKey([...issue.path, key]), message: `unknown key (${hint})` });
      }
    } else if (issue.code === "invalid_key") {
      const inner = issue.issues[0];
      // A refinement's message already says what is wrong with the name; a format error needs the context.
      const message =
        inner?.code === "custom"
          ? inner.message
          : `invalid name: ${inner?.message ?? "not allowed"}${given(issue.path, input)}`;
      problems.push({ key: configKey(issue.path), message: withApp(message, issue.path) });
    } else {
      // A rule over a whole object describes the problem itself; echoing the object would only add noise.
      const shown = issue.code === "custom" && typeof input === "object" ? "" : given(issue.path, input);
      problems.push({ key: configKey(issue.path), message: `${issue.message}${shown}` });
    }
  }
  return problems;
}

/** Every problem of a stack's config at once, thrown before any resource is registered. */
export class ConfigError extends Error {
  constructor(public readonly problems: ConfigProblem[]) {
    super(
      `Invalid stack config (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map((p) => `  ${describeProblem(p)}`).join("\n")}`,
    );
    this.name = "ConfigError";
  }
}
