/**
 * The CLI runs the program through the SDK's ts-node; Pulumi.yaml points it at tsconfig.pulumi.json,
 * whose noCheck turns type-checking off there (`npm test` type-checks). The SDK reads that file's own
 * compilerOptions without following `extends`, so they must match tsconfig.json by hand.
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";

const json = (path: string) => JSON.parse(readFileSync(path, "utf8"));

test("Pulumi.yaml compiles through a tsconfig that transpiles only, with the type-checked settings", () => {
  const options = parse(readFileSync("Pulumi.yaml", "utf8")).runtime.options;
  expect(options.typescript).toBe(true);
  const pulumiOptions = json(options.tsconfig).compilerOptions;
  expect(pulumiOptions.noCheck).toBe(true);
  const checked = json("tsconfig.json").compilerOptions;
  for (const key of ["target", "module", "moduleResolution"])
    expect([key, pulumiOptions[key]]).toEqual([key, checked[key]]);
});

test("the pinned SDK still turns noCheck of that file into ts-node's transpileOnly", () => {
  // @pulumi/pulumi 3.248.0 cmd/run/run.js: PULUMI_NODEJS_TSCONFIG_PATH (set by the language host from
  // runtime.options.tsconfig) names the file; `transpileOnly = compilerOptions.noCheck` unless
  // PULUMI_NODEJS_TRANSPILE_ONLY is set. A bump that changes this fails here.
  const run = readFileSync(require.resolve("@pulumi/pulumi/cmd/run/run.js"), "utf8");
  expect(run).toContain('process.env["PULUMI_NODEJS_TSCONFIG_PATH"]');
  expect(run).toMatch(/transpileOnly = compilerOptions\.noCheck;/);
  expect(json("node_modules/@pulumi/pulumi/package.json").version).toBe("3.248.0");
});
