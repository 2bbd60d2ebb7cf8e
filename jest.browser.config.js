/**
 * `npm run test:browser`: the release report and graph.md in a real headless Chromium (Debian's
 * /usr/bin/chromium, driven by playwright-core). Kept out of `npm test`, whose time is tight: one
 * global setup renders the prod and a 500-app stack once for all of them.
 */
const base = require("./jest.config");

module.exports = {
  ...base,
  roots: ["<rootDir>/test/browser"],
  testPathIgnorePatterns: [],
  globalSetup: "<rootDir>/test/browser/global-setup.ts",
  globalTeardown: "<rootDir>/test/browser/global-teardown.ts",
  // One browser at a time: Chromium laying out a 500-app page takes both cores.
  maxWorkers: 1,
};
