/**
 * A corpus of stack files with input mistakes (malformed CIDRs, open endpoints, Object.prototype
 * names, int32 overflows, Kubernetes name and size limits). Each file lists, in `# expect:` lines,
 * every problem the program must report, word for word; the program must register nothing. A
 * `# stack:` line runs the file as that stack (the stack name is checked too), else as `test`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { readStackFile } from "../../tools/harness/stack-file";
import { rejectedInput } from "../support/stack";

const DIR = join(__dirname, "..", "fixtures", "bad-config");
const files = readdirSync(DIR)
  .filter((file) => /^input-.*\.yaml$/.test(file))
  .sort();

function header(file: string, field: string): string[] {
  return readFileSync(join(DIR, file), "utf8")
    .split("\n")
    .filter((line) => line.startsWith(`# ${field}: `))
    .map((line) => line.slice(`# ${field}: `.length));
}
const expectedProblems = (file: string) => header(file, "expect");

test("the corpus holds at least 40 stack files, each expecting a problem", () => {
  expect(files.length).toBeGreaterThanOrEqual(40);
  for (const file of files) expect([file, expectedProblems(file).length > 0]).toEqual([file, true]);
});

test.each(files)("%s", async (file) => {
  const { messages, registered } = await rejectedInput(
    readStackFile(join(DIR, file), header(file, "stack")[0] ?? "test"),
  );
  expect(registered).toHaveLength(0);
  expect([...messages].sort()).toEqual(expectedProblems(file).sort());
});
