/**
 * A corpus of stack files with the mistakes of hardening classes 1 (secrets outside slipway:secrets),
 * 4 (builds reaching outside the project) and 6 (silent surprises): test/fixtures/bad-config/secrets-*.yaml.
 * Each file states, in `# expect:` lines, every problem it must produce (`<file>` stands for its
 * path) and in `# never:` lines text no message may contain. Each is read and run as the render does: refused (exit code 2) with nothing registered, and
 * no ciphertext of the file in any message.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../../config/errors";
import { readStackFile, StackFileError } from "../../tools/harness/stack-file";
import { rejectedInput } from "../support/stack";

const DIR = "test/fixtures/bad-config";
const files = readdirSync(DIR)
  .filter((name) => /^secrets-.*\.yaml$/.test(name))
  .sort()
  .map((name) => join(DIR, name));

/** Invalid UTF-8 bytes of a fixture decode to U+FFFD here; the `# expect:` lines themselves are UTF-8. */
function comments(file: string, prefix: string): string[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.startsWith(prefix))
    .map((line) => line.slice(prefix.length).replaceAll("<file>", file));
}

async function problemsOf(file: string): Promise<string[]> {
  let input;
  try {
    input = readStackFile(file, "corpus");
  } catch (error) {
    if (error instanceof StackFileError) return [error.message];
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.key}: ${p.message}`);
    throw error;
  }
  const { messages, registered } = await rejectedInput(input);
  expect(registered).toEqual([]);
  return messages;
}

test("the corpus has at least 20 stack files, each with what it must produce", () => {
  expect(files.length).toBeGreaterThanOrEqual(20);
  for (const file of files) expect([file, comments(file, "# expect: ").length > 0]).toEqual([file, true]);
});

describe.each(files)("%s", (file) => {
  test("is refused with exactly the expected problems", async () => {
    const problems = await problemsOf(file);
    expect([...problems].sort()).toEqual(comments(file, "# expect: ").sort());
    const ciphertexts = [...readFileSync(file, "utf8").matchAll(/secure: (\S+)/g)].map((m) => m[1]);
    for (const ciphertext of ciphertexts) expect(problems.join("\n")).not.toContain(ciphertext);
    // `# never:` names text the file holds where a secret goes (a value typed into a key).
    for (const secret of comments(file, "# never: ")) expect(problems.join("\n")).not.toContain(secret);
  });
});
