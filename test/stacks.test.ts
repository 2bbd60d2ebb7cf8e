/**
 * The committed stack files. One jest file for several parts: under jest each file loads the program
 * anew, and its parts check the same committed renders, so they share one load and one render of each
 * (test/support/stack.ts committedRender). Each part registers its tests inside its own describe.
 */
/* oxlint-disable typescript/no-require-imports -- a part is required inside its describe, not imported */
describe("single-layer", () => {
  require("./stacks/single-layer");
});
describe("platform-stacks", () => {
  require("./stacks/platform-stacks");
});
describe("render-bytes", () => {
  require("./stacks/render-bytes");
});
describe("mock-monitor", () => {
  require("./stacks/mock-monitor");
});
