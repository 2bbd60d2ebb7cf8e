/**
 * `schedule:` of a process type: it runs as a Kubernetes CronJob. The cron expression is checked
 * here against the grammar the API server accepts, so a typo fails the render by key instead of a
 * `pulumi up` half-way through.
 *
 * The API server parses `spec.schedule` with robfig/cron v3 `ParseStandard` and, on create, refuses
 * `TZ` anywhere in it (kubernetes/kubernetes pkg/apis/batch/validation/validation.go
 * validateScheduleFormat: "cannot use TZ or CRON_TZ in schedule, use timeZone field instead").
 * `ParseStandard` takes five fields (minute hour day-of-month month day-of-week) or a descriptor
 * (robfig/cron v3.0.1 parser.go:217-229); a field is `*`, `?`, numbers, ranges, steps and lists
 * (parser.go getRange), month and weekday names (JAN, MON), weekdays 0-6 (spec.go:40). cron-parser
 * checks each value's range; what it accepts beyond that grammar (seconds, `L`, `W`, `#`, `H`,
 * weekday 7, fewer fields) is refused here first.
 */
import { CronExpressionParser } from "cron-parser";
import { z } from "zod";
import { integer } from "./primitives";

/** robfig/cron v3.0.1 parser.go parseDescriptor; `@every <duration>` is left out (a Go duration). */
const DESCRIPTORS = new Set(["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"]);
const NUMERIC_FIELD = /^[0-9*?,/-]+$/;
/** Month and weekday fields may also use three-letter names. */
const NAMED_FIELD = /^([0-9*?,/-]|[A-Za-z]{3})+$/;
const FIELD_COUNT = 5;

const CRON_EXPECTED = 'expected a 5-field cron expression such as "0 3 * * *"';

/** Why Kubernetes would refuse the expression, or undefined when it is accepted. */
function cronProblem(expression: string): string | undefined {
  if (expression.includes("TZ"))
    return "expected no TZ= or CRON_TZ= in the schedule (Kubernetes refuses it): set schedule.timeZone instead";
  const trimmed = expression.trim();
  if (DESCRIPTORS.has(trimmed)) return undefined;
  const fields = trimmed.split(/\s+/);
  if (fields.length !== FIELD_COUNT) return CRON_EXPECTED;
  const wellFormed = fields.every((field, index) => (index >= 3 ? NAMED_FIELD : NUMERIC_FIELD).test(field));
  // Weekdays run 0-6 in robfig/cron (Sunday is 0, never 7); a step (`*/7`) is not a weekday.
  const weekdays = fields[4].match(/(?<![/0-9])[0-9]+/g) ?? [];
  if (!wellFormed || weekdays.some((day) => Number(day) > 6)) return CRON_EXPECTED;
  try {
    CronExpressionParser.parse(trimmed);
    return undefined;
  } catch (error) {
    return `${CRON_EXPECTED} (${(error as Error).message})`;
  }
}

/** Kubernetes resolves `timeZone` with Go's time.LoadLocation; these are the IANA names Node knows. */
const TIME_ZONES = new Set(["UTC", ...Intl.supportedValuesOf("timeZone")]);

export const scheduleSchema = z.strictObject({
  /** Five fields (minute hour day-of-month month weekday) or @hourly, @daily, @weekly, @monthly, @yearly. */
  cron: z.string({ error: CRON_EXPECTED }).superRefine((cron, ctx) => {
    const problem = cronProblem(cron);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
  /** Without one Kubernetes uses the controller manager's local zone; UTC keeps the render explicit. */
  timeZone: z
    .string()
    .refine((zone) => TIME_ZONES.has(zone), {
      error: 'expected an IANA time zone name such as "Europe/Paris" or "UTC"',
    })
    .default("UTC"),
  /** Forbid skips a run while the previous one is still going; Replace stops it; Allow runs both. */
  concurrencyPolicy: z
    .enum(["Forbid", "Allow", "Replace"], { error: "expected one of Forbid, Allow, Replace" })
    .default("Forbid"),
  /** Finished Jobs (and their pods' logs) kept per outcome. */
  successfulJobsHistoryLimit: integer(0, 100).default(3),
  failedJobsHistoryLimit: integer(0, 100).default(1),
  /** A run missed by more than this (controller down, Forbid) is skipped. */
  startingDeadlineSeconds: integer(1).optional(),
  /** A run taking longer than this is stopped and counts as failed. */
  activeDeadlineSeconds: integer(1).optional(),
  /** Retries of a failed run before its Job is marked failed. */
  backoffLimit: integer(0, 100).default(6),
});
export type ScheduleConfig = z.output<typeof scheduleSchema>;
