/**
 * The examples docs show, read back from the pages so tests can hold them against real output: a
 * page's fenced block after a given line, and every `npm run <tool> -- …` command line it spells out.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const DOC_PAGES = [
  "README.md",
  "CONTRIBUTING.md",
  ...readdirSync("docs")
    .filter((f) => f.endsWith(".md"))
    .map((f) => join("docs", f)),
];

/** The lines of the first fenced block after the line that starts with `after`, unindented. */
export function fencedBlockAfter(page: string, after: string): string[] {
  const lines = readFileSync(page, "utf8").split("\n");
  const start = lines.findIndex((line) => line.trim().startsWith(after));
  if (start < 0) throw new Error(`${page}: no line starting with ${after}`);
  const open = lines.findIndex((line, i) => i > start && line.trim().startsWith("```"));
  const close = lines.findIndex((line, i) => i > open && line.trim().startsWith("```"));
  const indent = lines[open].length - lines[open].trimStart().length;
  return lines.slice(open + 1, close).map((line) => line.slice(indent));
}

/** `npm run [--silent] <script> -- <args>` in code spans and blocks, with its page. */
export function commandLines(page: string): Array<{ script: string; args: string[]; line: string }> {
  const text = readFileSync(page, "utf8");
  const found = [...text.matchAll(/npm run (?:--silent )?([a-z-]+)(?: -- ([^`\n#]*))?/g)];
  return found.map((match) => ({
    line: match[0].trim(),
    script: match[1],
    args: (match[2] ?? "").trim().split(/\s+/).filter(Boolean),
  }));
}
