/** Jest with SWC: type-checking is `tsc --noEmit`, run separately by `npm test`. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" }, sourceMaps: "inline" }] },
  testTimeout: 30000,
};
