/**
 * Progressive delivery: canary, blue/green, switching strategies, waiting for a rollout.
 * One jest file for several parts: under jest each file loads the program anew (~1.2 s), so parts
 * that render share one load (docs/performance.md). Each part registers its tests inside its own describe.
 */
/* oxlint-disable typescript/no-require-imports -- a part is required inside its describe, not imported */
describe("awaiting", () => {
  require("./delivery/awaiting");
});
describe("bluegreen", () => {
  require("./delivery/bluegreen");
});
describe("canary", () => {
  require("./delivery/canary");
});
describe("config", () => {
  require("./delivery/config");
});
describe("switch", () => {
  require("./delivery/switch");
});
describe("notifications", () => {
  require("./delivery/notifications");
});
