/**
 * The stack file reader's budgets (tools/harness/yaml-limits.ts): YAML that loops, multiplies or nests
 * without end, and numbers JSON cannot carry, are refused where they are, before anything reads them.
 * Each `yaml-*.yaml` file in the corpus lists in `# expect:` lines every problem it must report.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { readStackFile, StackFileError } from "../../tools/harness/stack-file";
import { parseStackYaml } from "../../tools/harness/stack-yaml";

const DIR = join(__dirname, "..", "fixtures", "bad-config");
const files = readdirSync(DIR)
  .filter((file) => /^yaml-.*\.yaml$/.test(file))
  .sort();
const expected = (file: string) =>
  readFileSync(join(DIR, file), "utf8")
    .split("\n")
    .filter((line) => line.startsWith("# expect: "))
    .map((line) => line.slice("# expect: ".length));

function readProblems(file: string): string[] {
  try {
    readStackFile(join(DIR, file), "test");
  } catch (error) {
    if (!(error instanceof StackFileError)) throw error;
    const prefix = `${join(DIR, file)}: cannot read stack file: `;
    expect(error.message.startsWith(prefix)).toBe(true);
    return error.message.slice(prefix.length).split("\n");
  }
  throw new Error(`${file} was read without a problem`);
}

test.each(files)("%s", (file) => {
  expect(readProblems(file).sort()).toEqual(expected(file).sort());
});

const read = (text: string) => parseStackYaml(Buffer.from(text));

test("a hundred merge keys of one small default are read (the parser's own alias heuristic refused them)", () => {
  const apps = Array.from({ length: 150 }, (_, i) => `    app${i}: { <<: *defaults, port: ${8000 + i} }`);
  const config = read(
    `config:\n  defaults: &defaults { replicas: 2, env: { LOG: info } }\n  slipway:apps:\n${apps.join("\n")}\n`,
  );
  expect((config as { config: { "slipway:apps": Record<string, unknown> } }).config["slipway:apps"].app149).toEqual({
    replicas: 2,
    env: { LOG: "info" },
    port: 8149,
  });
});

test("nested aliases (a billion laughs) are refused quickly, measured without expanding them", () => {
  const levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
  for (let i = 1; i < 9; i++) {
    const prev = String.fromCharCode(96 + i);
    const name = String.fromCharCode(97 + i);
    levels.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(", ")}]`);
  }
  const started = Date.now();
  expect(() => read(`config:\n${levels.map((line) => `  ${line}`).join("\n")}\n`)).toThrow(
    /^aliases expand the file by \d{10,} bytes; at most 1048576/,
  );
  expect(Date.now() - started).toBeLessThan(1000);
});

test("nesting ten thousand levels deep is refused by the budget, not by the JS engine", () => {
  expect(() => read(`config:\n  x: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`)).toThrow(
    /^nests deeper than 64 levels at line 2, column \d+;/,
  );
});

/** Hostile YAML: anchors and aliases anywhere, merge keys, tags, numbers JSON cannot carry, look-alike text. */
const scalar = fc.oneof(
  fc.constantFrom(".inf", "-.inf", ".nan", "1e400", "99999999999999999999", "0x1F", "0o17", "~", "null", "true"),
  fc.constantFrom("!!str 1", "!!float 1", "!!int 7", "!!binary aGk=", '"\\u0000"', "'ｓｌｉｐｗａｙ'", '"\\u202e"'),
  fc.stringMatching(/^[a-z]{1,6}$/),
);
const node: fc.Memo<string> = fc.memo((depth) =>
  depth <= 1
    ? scalar
    : fc.oneof(
        scalar,
        fc.array(node(depth - 1), { maxLength: 4 }).map((items) => `[${items.join(", ")}]`),
        fc
          .array(fc.tuple(fc.constantFrom("a", "b", "<<", "c"), node(depth - 1)), { maxLength: 4 })
          .map((pairs) => `{ ${pairs.map(([key, value]) => `${key}: ${value}`).join(", ")} }`),
        fc.tuple(fc.constantFrom("x", "y"), node(depth - 1)).map(([anchor, value]) => `&${anchor} ${value}`),
        fc.constantFrom("*x", "*y"),
      ),
);

test("hostile YAML either reads as data JSON carries exactly or is refused with a message, never a crash", () => {
  fc.assert(
    fc.property(fc.array(node(5), { minLength: 1, maxLength: 5 }), (values) => {
      const text = `config:\n${values.map((value, i) => `  k${i}: ${value}`).join("\n")}\n`;
      let data: unknown;
      try {
        data = read(text);
      } catch (error) {
        expect(error).toBeInstanceOf(Error);
        expect(error).not.toBeInstanceOf(RangeError);
        expect((error as Error).message).not.toMatch(/call stack|undefined|\[object/);
        return;
      }
      const json = JSON.stringify(data, (_, value: unknown) => {
        if (typeof value === "number") expect(Number.isFinite(value)).toBe(true);
        return value;
      });
      expect(json.length).toBeLessThan(text.length + 1024 * 1024 + 1024);
    }),
    { numRuns: 300, seed: 20261206 },
  );
});
