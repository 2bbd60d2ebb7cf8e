/**
 * Property tests over generated stack configs: every valid one renders into schema-valid objects with
 * names and labels the API server accepts; every mutation into an invalid one is a ConfigError whose
 * problems name a `slipway:` key, never a crash, and never echo a secret value.
 */
import fc from "fast-check";
import { parseStackConfig } from "../config/stack";
import { rejectedInput, render, stackInput, type ConfigObject } from "./support/stack";

// Written out here rather than taken from config/: the test checks the program against Kubernetes' rules.
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;
const SECRET_MARKER = "zq-secret-value-7f3a";

const dnsLabel = (max: number) =>
  fc
    .stringMatching(/^[a-z]([-a-z0-9]*[a-z0-9])?$/)
    .filter((name) => name.length <= max && !name.startsWith("kube-") && name !== "default");
const envName = fc
  .stringMatching(/^[A-Z][A-Z0-9_]{0,20}$/)
  .filter((n) => !/PASSWORD|PASSWD|SECRET|TOKEN|_KEY$/.test(n));
const envValue = fc.oneof(fc.string({ maxLength: 30 }), fc.integer(), fc.boolean());

const appConfig = (name: string) =>
  fc.record(
    {
      image: fc.record({
        repository: fc.constant(`ghcr.io/acme/${name}`),
        tag: fc.stringMatching(/^[0-9]\.[0-9]{1,2}$/),
      }),
      replicas: fc.integer({ min: 1, max: 5 }),
      port: fc.integer({ min: 1024, max: 65535 }),
      env: fc.dictionary(envName, envValue, { maxKeys: 4 }),
      domains: fc.constant([`${name}.example.com`]),
      processes: fc.constantFrom({ web: {} }, { web: {}, worker: { command: ["bin/worker"], replicas: 1 } }),
    },
    { requiredKeys: ["image"] },
  );

/** Public endpoint blocks no broader than /20: three of them stay within prod's bound. */
const publicCidr = fc
  .tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 20, max: 32 }))
  .map(([address, prefix]) => {
    const base = address - (address % 2 ** (32 - prefix));
    return `${[24, 16, 8, 0].map((shift) => Math.floor(base / 2 ** shift) % 256).join(".")}/${prefix}`;
  });
const ADDONS = {
  "vpc-cni": "v1.19.6-eksbuild.7",
  "kube-proxy": "v1.33.0-eksbuild.2",
  "eks-pod-identity-agent": "v1.3.8-eksbuild.2",
  coredns: "v1.12.1-eksbuild.2",
  "aws-ebs-csi-driver": "v1.48.0-eksbuild.1",
};
/** Half the stacks get an EKS cluster, so its CIDRs and AWS resources are rendered too. */
const cluster = fc.oneof(
  fc.constant({ mode: "existing" }),
  fc.record({
    mode: fc.constant("eks"),
    version: fc.constant("1.33"),
    endpoint: fc.record({ publicAccessCidrs: fc.uniqueArray(publicCidr, { maxLength: 3 }) }),
    addons: fc.constant(ADDONS),
  }),
);

const stackConfig = fc
  .record({
    environment: fc.constantFrom("dev", "staging", "prod"),
    // `constructor` is also an Object.prototype member: looked up carelessly, it finds Object.
    names: fc.uniqueArray(fc.oneof(dnsLabel(20), fc.constant("constructor")), { minLength: 1, maxLength: 3 }),
    stack: fc.stringMatching(/^[a-z][a-z0-9-]{0,15}[a-z0-9]$/),
  })
  .chain(({ environment, names, stack }) =>
    fc.record({
      stack: fc.constant(stack),
      config: fc.record({
        environment: fc.constant(environment),
        apps: fc.record(Object.fromEntries(names.map((name) => [name, appConfig(name)]))),
        secrets: fc.constant({ [names[0]]: { DATABASE_URL: SECRET_MARKER } }),
        cluster,
      }),
    }),
  );

test("generated valid stack configs render into valid, well-named objects", async () => {
  await fc.assert(
    fc.asyncProperty(stackConfig, async ({ config, stack }) => {
      const result = await render(config, stack);
      expect(result.schemaProblems).toEqual([]);
      for (const { object } of result.objects) {
        const { name, labels } = object.metadata as { name?: string; labels?: Record<string, string> };
        if (name !== undefined) expect([name, name.length <= 253 && DNS_SUBDOMAIN.test(name)]).toEqual([name, true]);
        for (const value of Object.values(labels ?? {}))
          expect([value, value.length <= 63 && LABEL_VALUE.test(value)]).toEqual([value, true]);
      }
    }),
    { numRuns: 4 },
  );
});

/** A value that is wrong for the key it is put at, whatever the rest of the config says. */
const mutation = fc.oneof(
  fc.record({ path: fc.constant(["replicas"]), value: fc.constantFrom("two", 0, -1, 1.5, 2 ** 31, null) }),
  fc.record({ path: fc.constant(["port"]), value: fc.constantFrom(0, 70000, "http", [], {}) }),
  fc.record({ path: fc.constant(["image", "tag"]), value: fc.constantFrom("latest", "", 7, " 1.0") }),
  fc.record({ path: fc.constant(["env", "__proto__"]), value: fc.constant("x") }),
  fc.record({ path: fc.constant(["env", "LOG-LEVEL"]), value: fc.constant("info") }),
  fc.record({ path: fc.constant(["env", "DB_PASSWORD"]), value: fc.constant(SECRET_MARKER) }),
  fc.record({ path: fc.constant(["env", "HUGE"]), value: fc.constant("x".repeat(1024 * 1024 + 1)) }),
  fc.record({
    path: fc.constant(["domains"]),
    value: fc.constantFrom(["https://x.example.com"], ["X.example.com"], ["a".repeat(64) + ".example.com"], "x.io"),
  }),
  fc.record({ path: fc.constant(["replcas"]), value: fc.integer() }),
  fc.record({ path: fc.constant(["autoscale"]), value: fc.constantFrom({ min: 3, max: 1 }, { min: 1, max: 2 ** 32 }) }),
  fc.record({ path: fc.constant(["resources", "memory"]), value: fc.constantFrom("256MB", "lots", -1) }),
);

function mutate(config: ConfigObject, app: string, path: readonly string[], value: unknown): ConfigObject {
  const copy = structuredClone(config);
  let target = (copy.apps as Record<string, Record<string, unknown>>)[app];
  for (const key of path.slice(0, -1)) {
    if (typeof target[key] !== "object" || target[key] === null) target[key] = {};
    target = target[key] as Record<string, unknown>;
  }
  // defineProperty: `__proto__` must become an own key, as JSON.parse makes it.
  Object.defineProperty(target, path[path.length - 1], { value, enumerable: true, writable: true });
  return copy;
}

test("mutations into invalid configs are config errors naming a slipway: key, without secret values", async () => {
  await fc.assert(
    fc.asyncProperty(stackConfig, mutation, fc.nat(), async ({ config, stack }, { path, value }, pick) => {
      const apps = Object.keys(config.apps);
      const app = apps[pick % apps.length];
      const bad = mutate(config, app, path, value);
      // Half the runs also break the secrets, whose values must stay out of every message.
      if (pick % 2 === 1)
        bad.secrets = { [apps[0]]: { "bad-name": SECRET_MARKER, NUMBER: 42, NESTED: { v: SECRET_MARKER } } };
      const { messages, registered } = await rejectedInput(stackInput(bad, stack));
      expect(registered).toEqual([]);
      expect(messages.length).toBeGreaterThan(0);
      for (const message of messages) expect(message).toMatch(/^slipway:[a-z]/);
      // The mutated key itself is reported, not only something else that happens to be wrong.
      expect(messages.some((m) => m.startsWith(`slipway:apps.${app}.${path[0]}`))).toBe(true);
      if (pick % 2 === 1) expect(messages.some((m) => m.startsWith(`slipway:secrets.${apps[0]}.`))).toBe(true);
      expect(messages.join("\n")).not.toContain(SECRET_MARKER);
    }),
    { numRuns: 15 },
  );
});

test("any value at any app key is either accepted or reported, never a crash", () => {
  const key = fc.constantFrom(
    "replicas",
    "port",
    "env",
    "image",
    "domains",
    "processes",
    "autoscale",
    "resources",
    "healthcheck",
    "strategy",
    "constructor",
    "__proto__",
    "toString",
  );
  fc.assert(
    fc.property(stackConfig, key, fc.anything({ maxDepth: 2, maxKeys: 3 }), ({ config, stack }, at, value) => {
      const apps = Object.keys(config.apps);
      const raw = JSON.parse(JSON.stringify(mutate(config, apps[0], [at], value))) as ConfigObject;
      const result = parseStackConfig(raw, stack);
      if (!result.ok) {
        for (const { key: problemKey } of result.problems) expect(problemKey).toMatch(/^slipway:[a-z]/);
        expect(JSON.stringify(result.problems)).not.toContain(SECRET_MARKER);
      }
    }),
    { numRuns: 50 },
  );
});
