/**
 * Cross-field rules as refinements of the stack schema, on its typed output. Each rule names the
 * top-level sections it reads and runs whenever those parsed cleanly, even when others did not, so
 * its problems are reported with every per-field error elsewhere. zod skips a check after an issue
 * unless the check has a `when`, which then decides alone (an issue raised with `abort` still stops
 * it): colinhacks/zod v4.6.7 packages/zod/src/v4/core/schemas.ts (runChecks in $ZodType) and
 * packages/zod/src/v4/core/api.ts (_superRefine passes `when` to its check).
 */
import type { z } from "zod";
import type { ConfigProblem } from "./errors";

/** Whether no issue so far lies under one of these top-level keys. */
function parsedCleanly(sections: readonly string[]) {
  return (payload: z.core.ParsePayload): boolean =>
    !payload.issues.some((issue) => sections.includes(String(issue.path?.[0])));
}

/**
 * What a rule over `sections` reads: those typed; the others as parsing left them, which may be
 * partial when they have problems of their own.
 */
export type RuleInput<T, K extends keyof T> = Pick<T, K> & { [Other in Exclude<keyof T, K>]?: unknown };

/**
 * The arguments of `.superRefine` for a rule over `sections`: its problems become custom issues that
 * carry their config key, which config/errors.ts formatIssues reports as the rule wrote it.
 */
export function stackRule<T, K extends keyof T & string>(
  sections: readonly K[],
  rule: (config: RuleInput<T, K>) => ConfigProblem[],
) {
  const refine = (config: T, ctx: z.core.$RefinementCtx<T>): void => {
    // No input: by default an issue holds the value it is about, here the whole config, secrets included.
    for (const { key, message } of rule(config))
      ctx.addIssue({ code: "custom", message, params: { configKey: key }, path: [], input: undefined });
  };
  return [refine, { when: parsedCleanly(sections) }] as const;
}
