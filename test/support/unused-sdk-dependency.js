/**
 * Stands in for @npmcli/arborist under jest. The Pulumi SDK loads it at start-up only to package
 * function closures for serialization (runtime/closure/codePaths.js), which Slipway never does;
 * loading the real one costs about 0.4 s in every test file. Calling it here is a test bug.
 */
class Arborist {
  constructor() {
    throw new Error("@npmcli/arborist is stubbed in jest.config.js: closure serialization is not supported in tests");
  }
}
module.exports = { Arborist };
