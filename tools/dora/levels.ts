/**
 * The DORA performance level each key falls in. Thresholds: the software delivery performance
 * clusters of the 2023 Accelerate State of DevOps report (Google Cloud / DORA, the table "Software
 * delivery performance" in https://dora.dev/research/2023/dora-report/), not the 2024 report's, whose
 * clusters differ. NOT VERIFIED against the report's table: the pages that present the 2023 clusters
 * (dora.dev/dora-report-2023, octopus.com/blog/software-delivery-performance-clusters-2023) were not
 * checked past their opening, and third-party copies in public repositories disagree with one another
 * (some give the older 2021-2022 bands). One undated copy matches every value below. Check the table
 * in the report before quoting a level.
 *
 * | 2023 cluster | deploys               | lead time         | failure rate | recovery time         |
 * | elite        | on demand, many a day | under a day       | 5 %          | under an hour         |
 * | high         | daily to weekly       | a day to a week   | 10 %         | under a day           |
 * | medium       | weekly to monthly     | a week to a month | 15 %         | a day to a week       |
 * | low          | weekly to monthly     | a week to a month | 64 %         | a month to six months |
 *
 * The clusters are survey groups, not a grading scale: they overlap (low and medium share ranges),
 * leave gaps, and give a failure rate as the cluster's typical value. So each key is placed at the
 * best level whose edge it meets (a month is 30 days), and anything past medium is low.
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
