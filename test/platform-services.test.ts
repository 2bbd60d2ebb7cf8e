/**
 * Platform services: chart values and hardening, AWS-backed services, observability, TLS and DNS.
 * One jest file for several parts: under jest each file loads the program anew (~1.2 s), so parts
 * that render share one load (docs/performance.md). Each part registers its tests inside its own describe.
 */
/* oxlint-disable typescript/no-require-imports -- a part is required inside its describe, not imported */
describe("aws-services", () => {
  require("./platform-services/aws-services");
});
describe("external-secrets", () => {
  require("./platform-services/external-secrets");
});
describe("chart-hardening", () => {
  require("./platform-services/chart-hardening");
});
describe("observability", () => {
  require("./platform-services/observability");
});
describe("tls-dns", () => {
  require("./platform-services/tls-dns");
});
