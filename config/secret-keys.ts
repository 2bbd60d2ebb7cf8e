/**
 * A key under `slipway:secrets` is meant to be a name, but a user who types `PASSWORD=hunter2` (or
 * pastes a value where the name goes) has put the secret in the key. Every message that would name
 * such a key shows only its name-like start: each producer of a problem (schema, cross-checks, the
 * render's stack file reader) may spell the path, so the keys are redacted once, where problems leave.
 */
import { appName } from "./app";
import type { ConfigProblem } from "./errors";
import { envVarName } from "./primitives";
import { record } from "./raw";

/** `DATABASE_PASSWORD=hunter2` → `DATABASE_PASSWORD=…`; a key with no name-like start → `…`. */
function redacted(key: string): string {
  const start = /^[A-Za-z_][A-Za-z0-9_]*/.exec(key)?.[0] ?? "";
  return `${start}${key.charAt(start.length) === "=" ? "=" : ""}…`;
}

/** The keys (app keys and names) under `slipway:secrets` that are not names, longest first. */
function keysToHide(secrets: unknown): string[] {
  const hidden = new Set<string>();
  for (const [app, names] of Object.entries(record(secrets))) {
    if (!appName.safeParse(app).success) hidden.add(app);
    for (const name of Object.keys(record(names))) if (!envVarName.safeParse(name).success) hidden.add(name);
  }
  return [...hidden].sort((a, b) => b.length - a.length || a.localeCompare(b));
}

/** `NAME=value` typed as a key: one problem that says where the value goes, in place of the others. */
function assignments(secrets: unknown): ConfigProblem[] {
  return Object.entries(record(secrets)).flatMap(([app, names]) =>
    Object.keys(record(names)).flatMap((key) => {
      const name = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(key)?.[1];
      if (name === undefined || !appName.safeParse(app).success) return [];
      return [
        {
          key: `slipway:secrets.${app}.${name}=…`,
          message: `holds NAME=value in its key (the value is not shown): the key is the name alone; set the value with pulumi config set --secret --path 'slipway:secrets.${app}.${name}' <value>, and delete this line from the stack file`,
        },
      ];
    }),
  );
}

/** The problems with every key under `slipway:secrets` that is not a name cut to its name-like start. */
export function withoutSecretKeys(problems: ConfigProblem[], secrets: unknown): ConfigProblem[] {
  const hide = keysToHide(secrets);
  if (hide.length === 0) return problems;
  // A key may appear as written or JSON-escaped (a newline as a backslash and n) in a message.
  const forms = hide.flatMap((key) => [key, JSON.stringify(key).slice(1, -1)].map((form) => [form, redacted(key)]));
  const scrub = (text: string) => forms.reduce((out, [form, shown]) => out.replaceAll(form, shown), text);
  const explained = assignments(secrets);
  const explainedKeys = new Set(explained.map((problem) => problem.key));
  const scrubbed = problems
    .map((problem) => ({ key: scrub(problem.key), message: scrub(problem.message) }))
    .filter((problem) => !explainedKeys.has(problem.key));
  return [...scrubbed, ...explained];
}
