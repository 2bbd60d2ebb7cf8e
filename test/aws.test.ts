/**
 * The AWS foundation: network, cluster, registry, artifact stores, existing-cluster mode, data safety.
 * One jest file for several parts: under jest each file loads the program anew (~1.2 s), so parts
 * that render share one load (docs/performance.md). Each part registers its tests inside its own describe.
 */
/* oxlint-disable typescript/no-require-imports -- a part is required inside its describe, not imported */
describe("artifacts", () => {
  require("./aws/artifacts");
});
describe("cluster", () => {
  require("./aws/cluster");
});
describe("config-errors", () => {
  require("./aws/config-errors");
});
describe("data-safety", () => {
  require("./aws/data-safety");
});
describe("existing-mode", () => {
  require("./aws/existing-mode");
});
describe("registry", () => {
  require("./aws/registry");
});
describe("network", () => {
  require("./aws/network");
});
describe("mock-cloud-region", () => {
  require("./aws/mock-cloud-region");
});
