/**
 * `npm run build`: bundles the Pulumi program (stacks/index.ts and what it imports from stacks/,
 * components/ and config/) into dist/index.js, the file package.json "main" names, so the CLI runs
 * plain JavaScript: Pulumi.yaml sets `runtime.options.typescript: false`, and the SDK then loads no
 * ts-node and no TypeScript compiler (@pulumi/pulumi 3.248.0 cmd/run/run.js). Dependencies stay in
 * node_modules (the SDK must be the one instance cmd/run loads). The bundle's first line checks that it
 * was built from the checkout's sources (tools/source-digest.cjs). About 0.3 s; CI runs it before
 * every preview and up.
 */
import { build } from "esbuild";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const { programDigest } = createRequire(import.meta.url)("./source-digest.cjs");

/** Builds the bundle at `outfile` (dist/index.js unless given) and returns the digest it was built from. */
export async function buildProgram(outfile = join(ROOT, "dist", "index.js")) {
  const digest = programDigest(ROOT);
  const digestModule = JSON.stringify(relative(dirname(outfile), join(ROOT, "tools", "source-digest.cjs")));
  await build({
    entryPoints: [join(ROOT, "stacks", "index.ts")],
    outfile,
    bundle: true,
    packages: "external",
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
