/**
 * The platform component, its config, the router and the Gateway's shards.
 * One jest file for several parts: under jest each file loads the program anew (~1.2 s), so parts
 * that render share one load (docs/performance.md). Each part registers its tests inside its own describe.
 */
/* oxlint-disable typescript/no-require-imports -- a part is required inside its describe, not imported */
describe("component", () => {
  require("./platform-routing/component");
});
describe("config", () => {
  require("./platform-routing/config");
});
describe("gateway-shards", () => {
  require("./platform-routing/gateway-shards");
});
describe("router", () => {
  require("./platform-routing/router");
});
