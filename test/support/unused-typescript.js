/**
 * Stands in for the TypeScript compiler under jest. The Pulumi SDK requires it at start-up
 * (typescript-shim.js) only to parse functions for closure serialization, which Slipway never does;
 * loading the real one costs ~0.2 s in every test file. Any use of it here is a test bug.
 */
module.exports = new Proxy(
  {},
  {
    get(_target, property) {
      if (property === "__esModule" || typeof property === "symbol") return undefined;
      throw new Error(`typescript.${String(property)}: the TypeScript compiler is stubbed in jest.config.js`);
    },
  },
);
