/** Jest with SWC: type-checking is `tsc --noEmit`, run separately by `npm test`. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" }, sourceMaps: "inline" }] },
  testTimeout: 30000,
  // Jest defaults to cores - 1 workers: one on a 2-core machine. Renders are CPU-bound and independent.
  maxWorkers: 2,
  moduleNameMapper: { "^@npmcli/arborist$": "<rootDir>/test/support/unused-sdk-dependency.js" },
};
