/**
 * Apps and their releases: config-only releases, release history, pinned images, the render's diff, policy and graph.
 * One jest file for several parts: under jest each file loads the program anew (~1.2 s), so parts
 * that render share one load (docs/performance.md). Each part registers its tests inside its own describe.
 */
/* oxlint-disable typescript/no-require-imports -- a part is required inside its describe, not imported */
describe("app", () => {
  require("./releases/app");
});
describe("config-only-release", () => {
  require("./releases/config-only-release");
});
describe("release-history", () => {
  require("./releases/release-history");
});
describe("rollback-pin-images", () => {
  require("./releases/rollback-pin-images");
});
describe("preview-diff-render", () => {
  require("./releases/preview-diff-render");
});
describe("policy-render", () => {
  require("./releases/policy-render");
});
describe("program-scheduling", () => {
  require("./releases/program-scheduling");
});
describe("stack-graph", () => {
  require("./releases/stack-graph");
});
describe("release-command", () => {
  require("./releases/release-command");
});
