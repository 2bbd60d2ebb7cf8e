/**
 * Limits the Kubernetes API server enforces on what the config turns into: label values, object
 * names and object sizes. Checked here, from the same naming functions the components use, so a stack
 * that would be refused halfway through an update is refused before anything is registered.
 */
import type { ConfigProblem } from "./errors";
import { appLabels } from "./labels";
import { pulumiNameProblem } from "./stack-name";

/** A label value: at most 63 characters, alphanumeric ends, `-`, `_` and `.` inside (may be empty). */
function isLabelValue(value: string): boolean {
  return value.length <= 63 && /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/.test(value);
}

/** A DNS-1123 subdomain, the rule for most object names (ConfigMap, Secret, Certificate). */
export function isDnsSubdomain(value: string): boolean {
  return value.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(value);
}

/** What a ConfigMap or a Secret may hold: 1 MiB of data. An env's names count too, erring on the safe side. */
const MAX_DATA_BYTES = 1024 * 1024;

const LABEL_VALUE = "at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";

/** A Pulumi stack name (Pulumi's rule first), a label value (slipway.dev/stack), and the render's folder. */
export function stackNameProblems(stack: string): ConfigProblem[] {
  const pulumi = pulumiNameProblem(stack);
  if (pulumi !== undefined) return [{ key: "stack", message: `expected a Pulumi stack name: ${pulumi}` }];
  if (isLabelValue(stack)) return [];
  return [{ key: "stack", message: `expected a stack name of ${LABEL_VALUE} (it is the label slipway.dev/stack)` }];
}

function labelProblems(key: string, labels: Record<string, string>): ConfigProblem[] {
  return Object.entries(labels)
    .filter(([, value]) => !isLabelValue(value))
    .map(([label, value]) => ({
      key,
      message: `makes the label ${label} "${value}" (${value.length} characters); expected ${LABEL_VALUE}: shorten the app or stack name`,
    }));
}

function bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

function sizeProblem(key: string, what: string, size: number): ConfigProblem[] {
  if (size <= MAX_DATA_BYTES) return [];
  return [{ key, message: `expected at most ${MAX_DATA_BYTES} bytes in total (the limit of a ${what}), got ${size}` }];
}

/**
 * Each app's labels (with the stack's name, when known) and its env as a ConfigMap, from the parsed
 * apps: `tier` is the environment the schema was chosen for.
 */
export function appObjectLimits(
  apps: Record<string, { env: Record<string, string> }>,
  tier: string,
  stack: string | undefined,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const app of Object.keys(apps).sort()) {
    // Process labels add only the process name, which is short and label-safe by its own schema.
    if (stack !== undefined && isLabelValue(stack))
      problems.push(...labelProblems(`slipway:apps.${app}`, appLabels({ app, stack, environment: tier })));
    const env = Object.entries(apps[app].env);
    const envBytes = env.reduce((sum, [name, value]) => sum + bytes(name) + bytes(value), 0);
    problems.push(...sizeProblem(`slipway:apps.${app}.env`, "ConfigMap", envBytes));
  }
  return problems;
}

/** Each app's secrets as one Secret; sizes only: a secret's value never reaches a message. */
export function secretLimits(secrets: Record<string, Record<string, string>>): ConfigProblem[] {
  return Object.keys(secrets)
    .sort()
    .flatMap((app) => {
      const secretBytes = Object.values(secrets[app]).reduce((sum, value) => sum + bytes(value), 0);
      return sizeProblem(`slipway:secrets.${app}`, "Secret", secretBytes);
    });
}
