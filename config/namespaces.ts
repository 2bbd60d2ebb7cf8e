/**
 * The config namespaces a stack may use: the project's own and those of the providers the program
 * runs. Nothing reads any other, so a key there can only be a mistake, and a silent one: `slipwya:apps`
 * would deploy a stack with zero apps (a real `up` would delete every app). It is an error, not a
 * warning, because a warning scrolls past in a preview while the update goes on.
 */
import type { ConfigProblem } from "./errors";
import { closestKnownKey } from "./schema-walk";

export const PROJECT_NAMESPACE = "slipway";

/** The providers the program runs (package.json), and the engine's own `pulumi:` settings. */
const PROVIDER_NAMESPACES = ["aws", "docker", "kubernetes", "pulumi", "random"];

const KNOWN = [PROJECT_NAMESPACE, ...PROVIDER_NAMESPACES];

export function unknownNamespaceProblems(keys: string[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const key of [...keys].sort()) {
    const separator = key.indexOf(":");
    const namespace = separator < 0 ? "" : key.slice(0, separator);
    if (KNOWN.includes(namespace)) continue;
    const suggestion = closestKnownKey(namespace, KNOWN);
    const hint = suggestion
      ? `did you mean "${suggestion}${key.slice(separator)}"?`
      : `expected one of: ${KNOWN.join(", ")}`;
    problems.push({ key, message: `unknown config namespace "${namespace}", read by nothing (${hint})` });
  }
  return problems;
}
