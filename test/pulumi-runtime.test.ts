/**
 * How the Pulumi CLI starts the program: as the bundle `npm run build` makes (dist/index.js, package.json
 * "main"), plain JavaScript (Pulumi.yaml `typescript: false`), refusing to run when it is older than the
 * sources, with Node's compile cache on and without loading the SDK's closure-serialization modules. The start path is the pinned
 * SDK's own cmd/run against a fake monitor (tools/start-time/start-path.ts).
 */
import { execFileSync } from "node:child_process";
import Module from "node:module";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { parse } from "yaml";
import { STACK_OUTPUT_NAMES } from "../stacks/outputs";
import { readStackFile } from "../tools/harness/stack-file";
import { measureStart } from "../tools/start-time/start-path";

// oxlint-disable-next-line typescript/no-require-imports -- CommonJS shared with the bundle
const { programDigest, assertProgramCurrent } = require("../tools/source-digest.cjs");

const ROOT = join(__dirname, "..");
const sdkRun = readFileSync(require.resolve("@pulumi/pulumi/cmd/run/run.js"), "utf8");

beforeAll(() => execFileSync(process.execPath, ["tools/build-program.mjs"], { cwd: ROOT }));

test("the CLI runs package.json's main as plain JavaScript: no ts-node, no TypeScript compiler", () => {
  const project = parse(readFileSync(join(ROOT, "Pulumi.yaml"), "utf8"));
  expect(project.main).toBeUndefined();
  expect(project.runtime.options.typescript).toBe(false);
  expect(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).main).toBe("dist/index.js");
  // @pulumi/pulumi 3.248.0 cmd/run/run.js: ts-node only when the language host sets
  // PULUMI_NODEJS_TYPESCRIPT (it does when `typescript` is true), and package.json "main" for entry ".".
  expect(sdkRun).toContain('const typeScript = process.env["PULUMI_NODEJS_TYPESCRIPT"] === "true";');
  expect(sdkRun).toContain('const hasEntrypoint = argv._[0] !== ".";');
  expect(sdkRun).toMatch(
    /if \(packageObject\["main"\]\) \{\s*program = resolveEntrypoint\(packageRoot, packageObject\["main"\]/,
  );
  expect(JSON.parse(readFileSync(require.resolve("@pulumi/pulumi/package.json"), "utf8")).version).toBe("3.248.0");
});

test("through the SDK's own start path, the bundle reaches the dev stack's first registration", async () => {
  const first = await measureStart(ROOT, readStackFile(join(ROOT, "Pulumi.dev.yaml"), "dev"));
  // The first thing the program asks the engine for: the stack's own previous update (stacks/previous-releases.ts).
  expect([first.call, first.type, first.name]).toEqual([
    "readResource",
    "pulumi:pulumi:StackReference",
    "previous-update",
  ]);
});

test("the entry point exports every output the program's outputs type names, and no other", async () => {
  // The CLI registers the entry module's exports as the stack's outputs (@pulumi/pulumi 3.248.0
  // cmd/run/run.js: `programExport = require(program)`), so a typed output it does not export is lost.
  const { metafile } = await build({
    entryPoints: [join(ROOT, "stacks", "index.ts")],
    format: "esm",
    write: false,
    outdir: tmpdir(),
    metafile: true,
    logLevel: "warning",
  });
  const [entry] = Object.values(metafile.outputs);
  expect([...entry.exports].sort()).toEqual(Object.keys(STACK_OUTPUT_NAMES).sort());
  expect(sdkRun).toContain("programExport = require(program);");
});

test("the bundle turns on Node's module compile cache, so a later preview's start compiles less", async () => {
  // Not through NODE_COMPILE_CACHE, which would turn the cache on by itself: the default folder under TMPDIR.
  const tmp = mkdtempSync(join(tmpdir(), "compile-cache-"));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = tmp;
  try {
    await measureStart(ROOT, readStackFile(join(ROOT, "Pulumi.dev.yaml"), "dev"));
  } finally {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  }
  // Node 22.1 and later (the project's engines) write the cache; an older Node starts without one.
  const supported = typeof Module.enableCompileCache === "function";
  const cache = join(tmp, "node-compile-cache");
  expect(existsSync(cache) && readdirSync(cache, { recursive: true }).length > 0).toBe(supported);
});

test("a bundle built from other sources than the checkout's refuses to run and says to build", () => {
  const current = programDigest(ROOT);
  expect(() => assertProgramCurrent(current, ROOT)).not.toThrow();
  expect(() => assertProgramCurrent("0".repeat(64), ROOT)).toThrow(/run `npm run build` before `pulumi preview`/);
  const bundle = readFileSync(join(ROOT, "dist", "index.js"), "utf8");
  expect(bundle.split("\n")[0]).toContain(`assertProgramCurrent(${JSON.stringify(current)}`);
});

describe("the SDK's closure-serialization modules", () => {
  let shim: string;
  beforeAll(async () => {
    shim = join(mkdtempSync(join(tmpdir(), "lazy-sdk-")), "lazy.js");
    await build({
      entryPoints: [join(ROOT, "stacks", "lazy-sdk-modules.ts")],
      outfile: shim,
      bundle: true,
      platform: "node",
      format: "cjs",
      logLevel: "warning",
    });
  });
  const inNode = (script: string) =>
    execFileSync(process.execPath, ["--require", shim, "-e", script], { cwd: ROOT, encoding: "utf8" });

  test("are not loaded with the SDK", () => {
    const loaded = inNode(`require("@pulumi/pulumi");
      const files = Object.keys(require.cache);
      console.log(JSON.stringify(["/typescript/", "/@npmcli/arborist/", "/normalize-package-data/"].filter((m) => files.some((f) => f.includes("node_modules" + m)))));`);
    expect(JSON.parse(loaded)).toEqual([]);
  });

  test("still work as the real modules when the SDK uses them", () => {
    const out = inNode(`const pulumi = require("@pulumi/pulumi");
      const ts = require("typescript");
      const file = ts.createSourceFile("f.ts", "class A {}", ts.ScriptTarget.Latest);
      const normalize = require("normalize-package-data");
      const pkg = { name: "a", version: "1.0.0" }; normalize(pkg);
      const { Arborist } = require("@npmcli/arborist");
      const tree = new Arborist({ path: "." });
      console.log(JSON.stringify([ts.isClassDeclaration(file.statements[0]), pkg._id, typeof tree.loadActual]));`);
    expect(JSON.parse(out)).toEqual([true, "a@1.0.0", "function"]);
  });
});
