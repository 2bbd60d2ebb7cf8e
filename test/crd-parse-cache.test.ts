/**
 * The parsed CRDs and CEL rules kept on disk between renders (tools/harness/crd/parse-cache.ts): a
 * render that reads them back refuses a custom resource for exactly the problems a render that parsed
 * them does, a changed text is parsed afresh, and an entry that cannot be read is parsed again.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { load } from "js-yaml";
import { UPSTREAM_CRDS } from "../tools/harness/crd/bundles";
import { cachedParse } from "../tools/harness/crd/parse-cache";

/** A route the Gateway API v1.4.0 CRD refuses by its structure (the hostname) and by a CEL rule (the path). */
const invalidRoute = {
  apiVersion: "gateway.networking.k8s.io/v1",
  kind: "HTTPRoute",
  metadata: { name: "web", namespace: "web" },
  spec: {
    parentRefs: [{ name: "gateway", namespace: "slipway-gateway" }],
    hostnames: ["Not_A_Hostname"],
    rules: [
      {
        matches: [{ path: { type: "PathPrefix", value: "no-leading-slash" } }],
        backendRefs: [{ name: "web", port: 80 }],
      },
    ],
  },
};

const savedFolder = process.env.SLIPWAY_PARSE_CACHE;
afterAll(() => {
  if (savedFolder === undefined) delete process.env.SLIPWAY_PARSE_CACHE;
  else process.env.SLIPWAY_PARSE_CACHE = savedFolder;
});

/**
 * The route's problems from a fresh load of the schema check (no parse memoised in the process), with
 * the cache in `folder`; `parsersFail` makes both parsers throw, so only cached parses can be used.
 */
function problemsOfFreshRender(folder: string, parsersFail = false): string[] {
  process.env.SLIPWAY_PARSE_CACHE = folder;
  let problems: string[] = [];
  jest.isolateModules(() => {
    if (parsersFail) {
      const refuse = () => {
        throw new Error("parsed again");
      };
      jest.doMock("js-yaml", () => ({ ...jest.requireActual("js-yaml"), load: refuse }));
      jest.doMock("@bufbuild/cel", () => ({ ...jest.requireActual("@bufbuild/cel"), parse: refuse }));
    }
    // oxlint-disable-next-line typescript/no-require-imports -- a fresh module registry
    const { validateObject } = require("../tools/harness/k8s-schema") as typeof import("../tools/harness/k8s-schema");
    problems = validateObject(invalidRoute);
    // A mock outlives the isolated registry: the next fresh load parses for real again.
    jest.dontMock("js-yaml").dontMock("@bufbuild/cel");
  });
  return problems;
}

describe("parsed CRDs and CEL rules cached on disk", () => {
  const folder = mkdtempSync(join(tmpdir(), "slipway-parse-cache-"));
  const uncached = problemsOfFreshRender(folder);

  test("a crafted invalid route is refused for its structure and its CEL rule", () => {
    const crd = readFileSync(join(UPSTREAM_CRDS, "gateway-api-v1.4.0", "standard-install.yaml"), "utf8");
    expect(crd).toContain("value must be an absolute path and start with");
    expect(uncached).toEqual(
      expect.arrayContaining([
        expect.stringContaining("spec.hostnames[0]"),
        expect.stringContaining("value must be an absolute path and start with '/'"),
      ]),
    );
    expect(readdirSync(folder).length).toBeGreaterThan(0);
  });

  test("a render that parses nothing, reading the cache, reports exactly the same problems", () => {
    expect(problemsOfFreshRender(folder, true)).toEqual(uncached);
  });

  test("an entry that cannot be read is parsed again and rewritten", () => {
    for (const entry of readdirSync(folder)) writeFileSync(join(folder, entry), "not a V8 serialization");
    expect(problemsOfFreshRender(folder)).toEqual(uncached);
    expect(problemsOfFreshRender(folder, true)).toEqual(uncached);
  });
});

describe("cachedParse", () => {
  const folder = mkdtempSync(join(tmpdir(), "slipway-parse-cache-"));
  beforeEach(() => {
    process.env.SLIPWAY_PARSE_CACHE = folder;
  });
  const counting = () => {
    const calls: string[] = [];
    return { calls, parse: (text: string) => (calls.push(text), load(text)) };
  };

  test("a changed schema is parsed afresh; the same text is read back", () => {
    const schema = "type: string\nmaxLength: 253\n";
    const changed = "type: string\nmaxLength: 63\n";
    const parser = counting();
    expect(cachedParse("js-yaml", schema, parser.parse)).toEqual({ type: "string", maxLength: 253 });
    expect(cachedParse("js-yaml", changed, parser.parse)).toEqual({ type: "string", maxLength: 63 });
    expect(cachedParse("js-yaml", schema, parser.parse)).toEqual({ type: "string", maxLength: 253 });
    expect(parser.calls).toEqual([schema, changed]);
  });

  test("a parse V8 cannot carry faithfully (a class instance) is never cached", () => {
    class Parsed {
      constructor(readonly text: string) {}
    }
    const calls: string[] = [];
    const parse = (text: string) => (calls.push(text), new Parsed(text));
    cachedParse("js-yaml", "class instance", parse);
    expect(cachedParse("js-yaml", "class instance", parse)).toBeInstanceOf(Parsed);
    expect(calls).toHaveLength(2);
  });
});
