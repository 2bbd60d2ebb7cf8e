/**
 * `npm run build`: bundles the Pulumi program (stacks/index.ts, what it imports from stacks/,
 * components/ and config/, and the packages they use) into dist/index.js, the file package.json
 * "main" names, so the CLI runs plain JavaScript: Pulumi.yaml sets `runtime.options.typescript: false`,
 * and the SDK then loads no ts-node and no TypeScript compiler (@pulumi/pulumi 3.248.0 cmd/run/run.js).
 * One large file instead of ~600 small ones cuts what every process pays to resolve and load modules
 * (docs/performance.md). The bundle's first line checks that it was built from the checkout's sources
 * and installed packages (tools/source-digest.cjs). About 0.5 s; CI runs it before every preview and up.
 */
import { build } from "esbuild";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const { programDigest } = createRequire(import.meta.url)("./source-digest.cjs");

/**
 * Packages the bundle leaves in node_modules, required at run time with their subpaths. The provider
 * SDKs stay installed either way: the language host finds the plugins a program needs by walking
 * node_modules' package.json files, not by what the program requires (pulumi/pulumi v3.248.0
 * sdk/nodejs/cmd/pulumi-language-nodejs/main.go, getPackagesFromDir).
 */
export const PROGRAM_EXTERNALS = [
  // The SDK must be the one instance the CLI's cmd/run loads and runs the program in (@pulumi/pulumi
  // 3.248.0 cmd/run/run.js requires its own ../../runtime/settings and ../../runtime/stack), and the
  // one the harness's mocks configure.
  "@pulumi/pulumi",
  // Its group indexes reference every resource class for lazy loading (helm/v3 → yaml/yaml.js requires
  // all of them): bundled, that is ~650 modules every process parses, where ~120 are used. Measured
  // slower than loading those from node_modules (docs/performance.md).
  "@pulumi/kubernetes",
];

/** esbuild's `external` for these packages: each name and its subpaths. */
export const externalPatterns = (packages) => packages.flatMap((name) => [name, `${name}/*`]);

/** Builds the bundle at `outfile` (dist/index.js unless given) and returns the digest it was built from. */
export async function buildProgram(outfile = join(ROOT, "dist", "index.js")) {
  const digest = programDigest(ROOT);
  const digestModule = JSON.stringify(relative(dirname(outfile), join(ROOT, "tools", "source-digest.cjs")));
  await build({
    entryPoints: [join(ROOT, "stacks", "index.ts")],
    outfile,
    bundle: true,
    external: externalPatterns(PROGRAM_EXTERNALS),
    format: "cjs",
    platform: "node",
    target: "node22",
    banner: {
      js: `require(require("node:path").join(__dirname, ${digestModule})).assertProgramCurrent(${JSON.stringify(digest)}, require("node:path").join(__dirname, ${JSON.stringify(relative(dirname(outfile), ROOT))}));`,
    },
    logLevel: "warning",
  });
  return digest;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const digest = await buildProgram();
  console.log(`dist/index.js (sources ${digest.slice(0, 16)})`);
}
