/**
 * Where a review copy's secrets come from. A review stack (config/review-stack.ts) never gets the source
 * stack's `slipway:secrets`: those are production's (or staging's) values, and a pull request's code,
 * which nobody has reviewed yet, would run with them on a shared platform. Each app instead declares,
 * per secret name, the value its review copies get (`slipway:apps.<app>.review.secrets`): a
 * non-production placeholder (a review database's URL, a sandbox key), committed in the clear and seen
 * in the pull request. A reviewed app's secret with no review value is refused by key, so a copy never
 * starts with a secret silently missing.
 */
import { z } from "zod";
import type { ConfigProblem } from "./errors";
import { envVarName } from "./primitives";
import { record } from "./raw";

/** `slipway:apps.<app>.review`: what the app's copies in review stacks get instead of the stack's own. */
export const appReviewSchema = z
  .strictObject({
    /**
     * The value each of the app's secrets (`slipway:secrets.<app>.<NAME>`) has in its review copies: a
     * non-production placeholder, committed in the clear. Every secret of a reviewed app needs one.
     */
    secrets: z.record(envVarName, z.string({ error: "expected a string value" })).default({}),
  })
  .optional();

/** The names of an app's secrets in the source stack (their values are never read). */
function secretNames(sourceConfig: Record<string, unknown>, app: string): string[] {
  return Object.keys(record(record(sourceConfig["slipway:secrets"])[app])).sort();
}

/**
 * The review stack's `slipway:secrets`, by copy: each selected app's declared review values, or the
 * problem with each secret that has none (and with each review value for a secret the app does not hold).
 */
export function reviewSecrets(
  sourceConfig: Record<string, unknown>,
  apps: readonly string[],
  rename: (app: string) => string,
): { secrets: Record<string, Record<string, string>>; problems: ConfigProblem[] } {
  const sourceApps = record(sourceConfig["slipway:apps"]);
  const secrets: Record<string, Record<string, string>> = {};
  const problems: ConfigProblem[] = [];
  for (const app of apps) {
    const key = `slipway:apps.${app}.review`;
    const parsed = appReviewSchema.safeParse(record(sourceApps[app]).review);
    if (!parsed.success) {
      problems.push({ key, message: "is not valid: render the source stack for details" });
      continue;
    }
    const declared = parsed.data?.secrets ?? {};
    const needed = secretNames(sourceConfig, app);
    for (const name of needed.filter((name) => !Object.hasOwn(declared, name)))
      problems.push({
        key: `${key}.secrets.${name}`,
        message: `expected the value ${name} takes in review stacks (a non-production placeholder): a review copy never gets slipway:secrets.${app}.${name}`,
      });
    for (const name of Object.keys(declared)
      .filter((name) => !needed.includes(name))
      .sort())
      problems.push({
        key: `${key}.secrets.${name}`,
        message: `is not a secret of ${app}: slipway:secrets.${app} holds ${needed.length > 0 ? needed.join(", ") : "none"}`,
      });
    if (needed.length > 0) secrets[rename(app)] = Object.fromEntries(needed.map((name) => [name, declared[name]]));
  }
  return { secrets, problems };
}
