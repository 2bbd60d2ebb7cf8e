/**
 * Whatever a user types as a key under `slipway:secrets` (a value, `NAME=value`, punctuation, look-alike
 * letters), no problem the config reports contains it unless it is a plain name.
 */
import fc from "fast-check";
import { parseStackConfig } from "../../config/stack";

const key = fc.oneof(
  fc.string({ minLength: 1, maxLength: 24 }),
  fc.tuple(fc.stringMatching(/^[A-Z_]{1,8}$/), fc.string({ minLength: 6, maxLength: 16 })).map(([n, v]) => `${n}=${v}`),
  fc.stringMatching(/^[ -~]{6,20}$/),
);

test("a key under slipway:secrets that is not a name never reaches a message", () => {
  fc.assert(
    fc.property(key, fc.boolean(), (typed, asApp) => {
      // Only a key long enough to be a secret, and not a name, must be hidden.
      fc.pre(typed.length >= 6 && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(typed) && !/^[a-z0-9-]+$/.test(typed));
      const secrets = asApp ? { [typed]: { TOKEN: "x" } } : { web: { [typed]: "x" } };
      const result = parseStackConfig({
        environment: "dev",
        cluster: { mode: "existing", context: "kind-slipway" },
        apps: { web: { image: { repository: "ghcr.io/acme/web", tag: "1.0.0" } } },
        secrets,
      });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      for (const problem of result.problems) expect(`${problem.key}: ${problem.message}`).not.toContain(typed);
    }),
    { numRuns: 40, seed: 20261206 },
  );
});
