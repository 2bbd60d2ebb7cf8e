/**
 * A corpus of stack files with input mistakes (malformed CIDRs, open endpoints, Object.prototype
 * names, int32 overflows, Kubernetes name and size limits). Each file lists, in `# expect:` lines,
 * every problem the program must report, word for word; the program must register nothing.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { readStackFile } from "../tools/harness/stack-file";
import { rejectedInput } from "./support/stack";

const DIR = join(__dirname, "fixtures", "bad-config");
const files = readdirSync(DIR)
  .filter((file) => /^input-.*\.yaml$/.test(file))
  .sort();

function expectedProblems(file: string): string[] {
  return readFileSync(join(DIR, file), "utf8")
    .split("\n")
    .filter((line) => line.startsWith("# expect: "))
    .map((line) => line.slice("# expect: ".length));
}

test("every stack file of the corpus expects a problem", () => {
  for (const file of files) expect([file, expectedProblems(file).length > 0]).toEqual([file, true]);
});

test.each(files)("%s", async (file) => {
  const { messages, registered } = await rejectedInput(readStackFile(join(DIR, file), "test"));
  expect(registered).toHaveLength(0);
  expect([...messages].sort()).toEqual(expectedProblems(file).sort());
});
