/**
 * Config values that are written inside another format — Fluent Bit's config file, a `sh -c` script,
 * Gateway hostnames and external-dns annotations — admit only what that format carries safely: each
 * such key, fed newlines, quotes, `${}` and control characters around a valid value, is refused by key.
 */
import fc from "fast-check";
import { parseStackConfig, type RawStackConfig } from "../../config/stack";

const app = (extra: object) => ({
  image: { repository: "ghcr.io/acme/web", tag: "1.0.0" },
  port: 8080,
  ...extra,
});
const local = { environment: "dev", cluster: { mode: "existing", context: "kind-slipway" } };

/** Each key, the config that puts `value` there, and a valid value to wrap. */
const FORMAT_BOUND: { key: string; valid: string; config: (value: string) => RawStackConfig }[] = [
  {
    key: "slipway:platform.logging.forward.host",
    valid: "logs.example.com",
    config: (host) => ({ ...local, platform: { logging: { destination: "forward", forward: { host } } } }),
  },
  {
    key: "slipway:apps.web.healthcheck.path",
    valid: "/healthz",
    config: (path) => ({ ...local, apps: { web: app({ healthcheck: { type: "http", path } }) } }),
  },
  {
    key: "slipway:apps.web.strategy.acceptance.smoke.paths[0]",
    valid: "/ready",
    config: (path) => ({
      ...local,
      apps: {
        web: app({
          domains: ["www.example.com"],
          strategy: { type: "blueGreen", acceptance: { smoke: { paths: [path] } } },
        }),
      },
    }),
  },
  {
    key: "slipway:apps.web.domains[0]",
    valid: "www.example.com",
    config: (domain) => ({ ...local, apps: { web: app({ domains: [domain] }) } }),
  },
];

const hostile = fc.constantFrom(
  "\n",
  "\r\n",
  "\n[OUTPUT]\n    Name http\n    Host evil.example\n",
  "'",
  '"',
  "`id`",
  "${HOME}",
  "$(id)",
  "\\",
  " ",
  "\t",
  "\u0000",
  "\u001b[2J",
  "\u2028",
  "#",
);

test.each(FORMAT_BOUND)("$key refuses newlines, quotes, ${} and control characters", ({ key, valid, config }) => {
  // The valid value itself is accepted: a refusal below is about the hostile text, not the shape.
  const ok = parseStackConfig(config(valid));
  expect(ok.ok ? [] : ok.problems).toEqual([]);
  fc.assert(
    fc.property(hostile, fc.nat(valid.length), (text, at) => {
      const value = `${valid.slice(0, at)}${text}${valid.slice(at)}`;
      const result = parseStackConfig(config(value));
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problems.map((p) => p.key)).toContain(key);
    }),
    { numRuns: 12, seed: 20261206 },
  );
});
