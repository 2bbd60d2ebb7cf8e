/** Jest with SWC, which strips types without checking them: type-checking is `npm run typecheck` (`tsc --noEmit`), run separately (CI runs both). */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // Browser tests run apart (jest.browser.config.js, `npm run test:browser`): they need Chromium and time.
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/browser/"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" }, sourceMaps: "inline" }] },
  // Generous: a file renders several whole stacks in one hook, and a loaded 2-core machine runs them 3-4x slower.
  testTimeout: 90000,
  // Jest defaults to cores - 1 workers: one on a 2-core machine. Renders are CPU-bound and independent.
  maxWorkers: 2,
  // Longest first on a fresh clone too, where jest has no times from an earlier run.
  testSequencer: "<rootDir>/test/support/sequencer.js",
  // No handle is left open: each worker ends holding ~800 MB of (mostly garbage) heap from the renders,
  // and tearing that down takes 0.5-1 s here, past the 500 ms default, so jest killed workers that were
  // already exiting and blamed "improper teardown". A real leak still shows, 10 s later (the margin covers a loaded machine).
  workerGracefulExitTimeout: 10000,
  moduleNameMapper: {
    "^@npmcli/arborist$": "<rootDir>/test/support/unused-sdk-dependency.js",
    "^typescript$": "<rootDir>/test/support/unused-typescript.js",
  },
};
