/**
 * Bad config: refused by key, before anything is registered, without echoing a secret.
 * One jest file for several parts: under jest each file loads the program anew (~1.2 s), so parts
 * that render share one load (docs/performance.md). Each part registers its tests inside its own describe.
 */
/* oxlint-disable typescript/no-require-imports -- a part is required inside its describe, not imported */
describe("bad-config-input", () => {
  require("./config-errors/bad-config-input");
});
describe("bad-config-secrets", () => {
  require("./config-errors/bad-config-secrets");
});
describe("bad-config", () => {
  require("./config-errors/bad-config");
});
describe("chart-values", () => {
  require("./config-errors/chart-values");
});
describe("cluster-access-config", () => {
  require("./config-errors/cluster-access-config");
});
describe("review-grant-config", () => {
  require("./config-errors/review-grant-config");
});
describe("config-encoding", () => {
  require("./config-errors/config-encoding");
});
describe("config-own-keys", () => {
  require("./config-errors/config-own-keys");
});
describe("k8s-limits", () => {
  require("./config-errors/k8s-limits");
});
describe("secret-placement", () => {
  require("./config-errors/secret-placement");
});
describe("stack-file", () => {
  require("./config-errors/stack-file");
});
describe("image-digest", () => {
  require("./config-errors/image-digest");
});
describe("yaml-limits", () => {
  require("./config-errors/yaml-limits");
});
describe("secret-keys", () => {
  require("./config-errors/secret-keys");
});
describe("format-bound", () => {
  require("./config-errors/format-bound");
});
