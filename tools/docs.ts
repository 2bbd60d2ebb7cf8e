/**
 * `npm run docs [-- --check]`: writes the generated docs (docs/config-reference.md from the config
 * schema; the figures block of docs/performance.md from the committed benchmark results); with
 * --check, writes nothing and exits 1 when a committed page differs.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { runCommand } from "./cli";
import { docsCommand } from "./commands";
import { configReference } from "./docs/config-reference";
import { performanceFigures, readBenchResults, readStartTime, withFigures } from "./docs/performance-figures";

const PAGES: { page: string; source: string; generate: (committed: string) => string }[] = [
  { page: "docs/config-reference.md", source: "the config schema", generate: () => configReference() },
  {
    page: "docs/performance.md",
    source: "bench/results.json and bench/start-time.json",
    generate: (committed) => withFigures(committed, performanceFigures(readBenchResults(), readStartTime())),
  },
];

function docs({ check }: { check: boolean }): Promise<number> {
  let differing = 0;
  for (const { page, source, generate } of PAGES) {
    const committed = readFileSync(page, "utf8");
    const generated = generate(committed);
    if (!check) {
      writeFileSync(page, generated);
      console.log(`Written ${page}`);
    } else if (committed !== generated) {
      console.error(`${page} differs from ${source}: run npm run docs and commit it`);
      differing++;
    }
  }
  return Promise.resolve(differing > 0 ? 1 : 0);
}

runCommand(docsCommand, docs);
