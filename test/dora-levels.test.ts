/** Nearest-rank percentiles and the edges of each DORA level (2023 clusters, tools/dora/levels.ts). */
import {
  changeFailureRateLevel,
  deploymentFrequencyLevel,
  leadTimeLevel,
  timeToRestoreLevel,
} from "../tools/dora/levels";
import { percentile } from "../tools/dora/percentile";

test("nearest rank: the value at rank ceil(p/100 × n), a measured value", () => {
  expect(percentile([], 50)).toBeNull();
  expect(percentile([7], 90)).toBe(7);
  expect(percentile([4, 1, 3, 2], 50)).toBe(2); // rank 2 of 4: the lower middle, not 2.5
  expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3); // rank ceil(2.5) = 3
  expect(percentile([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 90)).toBe(9); // rank 9
  expect(percentile([10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 11], 90)).toBe(10); // rank ceil(9.9) = 10
});

test.each([
  [8, "elite"], // more than daily
  [7, "high"], // daily
  [1, "high"], // weekly
  [0.9, "medium"],
  [7 / 30, "medium"], // monthly
  [0.2, "low"],
  [0, "low"],
])("%s deployments a week: %s", (perWeek, level) => {
  expect(deploymentFrequencyLevel(perWeek)).toBe(level);
});

test.each([
  [23.99, "elite"],
  [24, "high"],
  [168, "high"], // a week
  [168.01, "medium"],
  [720, "medium"], // 30 days
  [720.01, "low"],
])("lead time %s h: %s", (hours, level) => {
  expect(leadTimeLevel(hours)).toBe(level);
});

test.each([
  [0, "elite"],
  [0.05, "elite"],
  [0.051, "high"],
  [0.1, "high"],
  [0.15, "medium"],
  [0.151, "low"],
])("change failure rate %s: %s", (rate, level) => {
  expect(changeFailureRateLevel(rate)).toBe(level);
});

test.each([
  [0.99, "elite"],
  [1, "high"],
  [23.99, "high"],
  [24, "medium"],
  [168, "medium"],
  [168.01, "low"],
])("time to restore %s h: %s", (hours, level) => {
  expect(timeToRestoreLevel(hours)).toBe(level);
});
