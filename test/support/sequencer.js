/**
 * Jest runs the slowest files first when it has their times from an earlier run; on a fresh clone (CI)
 * it has none and falls back to file size. A themed file (test/aws.test.ts) is a few lines that require
 * its parts (test/aws/*.ts), so by size it would run last and leave one worker busy while the other
 * idles. Here a file without a recorded time weighs its own size plus its parts'.
 */
const { readdirSync, statSync } = require("node:fs");
const { basename, dirname, join } = require("node:path");
const Sequencer = require("@jest/test-sequencer").default;

function weight(path) {
  const parts = join(dirname(path), basename(path, ".test.ts"));
  let size = statSync(path).size;
  try {
    for (const file of readdirSync(parts)) size += statSync(join(parts, file)).size;
  } catch {
    // no parts folder: the file holds its own tests
  }
  return size;
}

class PartsAwareSequencer extends Sequencer {
  sort(tests) {
    if (tests.every((test) => this.time(test) !== undefined)) return super.sort(tests);
    const weights = new Map(tests.map((test) => [test.path, weight(test.path)]));
    return [...tests].sort((a, b) => weights.get(b.path) - weights.get(a.path));
  }
}

module.exports = PartsAwareSequencer;
