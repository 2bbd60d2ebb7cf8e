// Lint: typescript-eslint's type-aware recommended rules (floating promises included) and the
// layering rules: config/ at the bottom, components/ above it, stacks/ wiring both.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const layer = (files, forbidden, why) => ({
  files,
  rules: {
    "no-restricted-imports": [
      "error",
      { patterns: forbidden.map((folder) => ({ group: [`**/${folder}/**`, `**/${folder}`], message: why })) },
    ],
  },
});

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "policy/node_modules/",
      ".build/",
      "out/",
      "coverage/",
      "**/*.js",
      "**/*.mjs",
      "**/*.cjs",
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    // One TypeScript program for every linted file: the root tsconfig.json includes policy/ too, as
    // `npm run typecheck` checks it. `projectService` opens each file in TypeScript's project service,
    // which picks the file's nearest tsconfig (typescript-eslint v8.74.0,
    // packages/typescript-estree/src/useProgramFromProjectService.ts), so policy/'s own tsconfig.json
    // made a second program of the same SDK types: about a sixth of ESLint's CPU. From the CLI a
    // `project` program is built once for the run (same tag, src/parseSettings/inferSingleRun.ts) from
    // the files on disk, so `eslint --stdin` lints the saved file: set TSESTREE_SINGLE_RUN=false to
    // lint unsaved text (src/parser.ts reads the program's SourceFile on a file's first parse).
    languageOptions: { parserOptions: { project: "./tsconfig.json", tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },
  {
    // These read untyped data by nature: CrossGuard hands policies `props: any`, the mock engine hands
    // the harness raw inputs, and tests inspect rendered JSON. The typed program (config/, components/,
    // stacks/) keeps every no-unsafe rule.
    files: ["policy/**/*.ts", "tools/**/*.ts", "test/**/*.ts"],
    rules: {
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-explicit-any": "off",
    },
  },
  // The program and the tools take discriminated unions (and narrowing helpers) instead of asserting a
  // value is there. The harness's walkers of untyped CRD schemas and mock-engine records, and the
  // benchmark's replay, still assert where no union applies.
  {
    files: ["config/**/*.ts", "components/**/*.ts", "stacks/**/*.ts", "tools/**/*.ts"],
    ignores: ["tools/harness/**", "tools/bench.ts", "tools/bench/baseline.ts", "tools/bench/layered.ts"],
    rules: { "@typescript-eslint/no-non-null-assertion": "error" },
  },
  // Test fakes implement the tools' async ports without awaiting anything.
  { files: ["test/**/*.ts"], rules: { "@typescript-eslint/require-await": "off" } },
  layer(
    ["config/**/*.ts"],
    ["components", "stacks", "tools", "policy"],
    "config/ is the bottom layer: it imports no other project folder.",
  ),
  layer(
    ["components/**/*.ts"],
    ["stacks", "tools"],
    "components/ receive typed args; only stacks/ wires them to config.",
  ),
  layer(
    ["policy/**/*.ts"],
    ["config", "components", "stacks", "tools"],
    "the policy pack is its own package: it imports nothing from the program.",
  ),
);
