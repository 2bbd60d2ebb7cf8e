/**
 * `npm run lint` is what enforces the layers (config ← components ← stacks ← tools) and the
 * type-aware rules the tests and the program rely on (no-floating-promises above all). This runs the
 * pinned oxlint with the committed .oxlintrc.json over a small tree of probes, each written to break
 * or to keep one rule, so a config edit or an oxlint bump that stops enforcing one fails here.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { tempDir } from "./support/temp-dir";

const PROBES: Record<string, string> = {
  "tsconfig.json": JSON.stringify({ compilerOptions: { strict: true, target: "ES2022", lib: ["ES2022"] } }),
  "config/layer.ts": `import "../components/part";\nexport const fromConfig = 1;\n`,
  "components/part.ts": [
    `import "../stacks/wiring";`,
    `async function later(): Promise<number> { await Promise.resolve(); return 1; }`,
    `async function idle(): Promise<number> { return 1; }`,
    `export const part = 1;`,
    `export function run(_unusedArgument: number, names: Map<string, string>): string {`,
    `  later();`,
    `  const unused = 1;`,
    `  return names.get("a")! + String(idle);`,
    `}`,
    ``,
  ].join("\n"),
  "stacks/wiring.ts": `import { fromConfig } from "../config/layer";\nimport { part } from "../components/part";\nexport const wiring = fromConfig + part;\n`,
  "policy/pack.ts": `import { fromConfig } from "../config/layer";\nexport const pack = fromConfig;\n`,
  "tools/harness/walk.ts": `export const walk = (names: Map<string, string>): string => names.get("a")!;\n`,
  "test/fake.ts": [
    `export const fake = { async read(): Promise<string> { return "x"; } };`,
    `// oxlint-disable-next-line typescript/no-explicit-any -- nothing here to silence`,
    `export const plain = 1;`,
    ``,
  ].join("\n"),
};

interface Diagnostic {
  code: string;
  filename: string;
  help?: string;
  message: string;
}

function lintProbes(): Diagnostic[] {
  const dir = tempDir("slipway-lint-");
  for (const [path, text] of Object.entries(PROBES)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  // The config's override globs are relative to the config file, so it sits at the probes' root.
  copyFileSync(".oxlintrc.json", join(dir, ".oxlintrc.json"));
  const env = { ...process.env, OXLINT_TSGOLINT_PATH: resolve("node_modules/.bin/tsgolint") };
  let stdout: string;
  try {
    stdout = execFileSync(resolve("node_modules/.bin/oxlint"), ["--format", "json", "."], {
      cwd: dir,
      env,
      encoding: "utf8",
    });
  } catch (error) {
    stdout = (error as { stdout: string }).stdout; // findings exit 1; their report is still on stdout
  }
  return (JSON.parse(stdout) as { diagnostics: Diagnostic[] }).diagnostics;
}

const findings = lintProbes();
const found = (filename: string) =>
  findings
    .filter((d) => d.filename === filename)
    .map((d) => d.code)
    .sort();

test("the layers: config imports no other folder, components not stacks, the policy pack nothing of the program", () => {
  const layering = findings.filter((d) => d.code === "eslint(no-restricted-imports)");
  expect(layering.map((d) => [d.filename, d.help]).sort()).toEqual([
    ["components/part.ts", "components/ receive typed args; only stacks/ wires them to config."],
    ["config/layer.ts", "config/ is the bottom layer: it imports no other project folder."],
    ["policy/pack.ts", "the policy pack is its own package: it imports nothing from the program."],
  ]);
  expect(found("stacks/wiring.ts")).toEqual([]);
});

test("the program's own code: a floating promise, an async function without await, an unused variable and a non-null assertion", () => {
  expect(found("components/part.ts")).toEqual([
    "eslint(no-restricted-imports)",
    "eslint(no-unused-vars)",
    "typescript(no-floating-promises)",
    "typescript(no-non-null-assertion)",
    "typescript(require-await)",
  ]);
  expect(findings.find((d) => d.code === "eslint(no-unused-vars)")?.message).toContain("'unused'");
});

test("the harness may assert, test fakes may be async without awaiting, and a directive that silences nothing fails", () => {
  expect(found("tools/harness/walk.ts")).toEqual([]);
  expect(findings.filter((d) => d.filename === "test/fake.ts").map((d) => d.message)).toEqual([
    expect.stringContaining("Unused"),
  ]);
});
