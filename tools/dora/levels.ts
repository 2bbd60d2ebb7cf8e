/**
 * The DORA performance level each key falls in. Thresholds: the software delivery performance
 * clusters of the 2023 Accelerate State of DevOps report (Google Cloud / DORA, "Accelerate State of
 * DevOps Report 2023", section "How do you compare?"), figures transcribed from memory of that table,
 * not re-checked against the PDF here:
 *
 * | key                             | elite                   | high                         | medium                         | low                          |
 * | deployment frequency            | on demand (many a day)  | between daily and weekly     | between weekly and monthly     | between weekly and monthly   |
 * | change lead time                | less than one day       | between one day and one week | between one week and one month | between one week and one month |
 * | change failure rate             | 5 %                     | 10 %                         | 15 %                           | 64 %                         |
 * | failed deployment recovery time | less than one hour      | less than one day            | between one day and one week   | between one month and six months |
 *
 * The clusters are survey groups, not a grading scale: they overlap (2023's low and medium share a
 * range) and leave gaps, and a cluster's failure rate is its typical value. So each key is placed at
 * the best level whose edge it meets (a month is 30 days), and anything past medium is low.
 */
export type Level = "elite" | "high" | "medium" | "low";

const DAY_HOURS = 24;
const WEEK_HOURS = 7 * DAY_HOURS;
const MONTH_HOURS = 30 * DAY_HOURS;

/** Lower is better: the first level whose bound the value meets. */
const atMost = (value: number, bounds: Array<[Level, number, "<" | "<="]>): Level =>
  bounds.find(([, bound, op]) => (op === "<" ? value < bound : value <= bound))?.[0] ?? "low";

export function deploymentFrequencyLevel(perWeek: number): Level {
  if (perWeek > 7) return "elite";
  if (perWeek >= 1) return "high";
  return perWeek >= 7 / 30 ? "medium" : "low";
}

export const leadTimeLevel = (hours: number): Level =>
  atMost(hours, [
    ["elite", DAY_HOURS, "<"],
    ["high", WEEK_HOURS, "<="],
    ["medium", MONTH_HOURS, "<="],
  ]);

export const changeFailureRateLevel = (rate: number): Level =>
  atMost(rate, [
    ["elite", 0.05, "<="],
    ["high", 0.1, "<="],
    ["medium", 0.15, "<="],
  ]);

export const timeToRestoreLevel = (hours: number): Level =>
  atMost(hours, [
    ["elite", 1, "<"],
    ["high", DAY_HOURS, "<"],
    ["medium", WEEK_HOURS, "<="],
  ]);
