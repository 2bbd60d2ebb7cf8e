/**
 * The examples the docs show are real: every `npm run` names a script, every tool command line parses
 * with that tool's option table, and the config error the README shows is what the program prints.
 * (The config-only release walk-through is checked in test/releases/docs-walkthrough.ts, which shares
 * a render load; the DORA table in test/dora-metrics.test.ts.)
 */
import { readFileSync } from "node:fs";
import { parseCommandLine, type Command } from "../tools/cli";
import * as toolCommands from "../tools/commands";
import * as releaseCommands from "../tools/release-commands";
import * as renderCommands from "../tools/render-command";
import { commandLines, DOC_PAGES, fencedBlockAfter } from "./support/docs";
import { rejected, webApp } from "./support/stack";

const scripts = Object.keys(JSON.parse(readFileSync("package.json", "utf8")).scripts as Record<string, string>);
const tools = new Map(
  Object.values({ ...toolCommands, ...releaseCommands, ...renderCommands } as unknown as Record<
    string,
    Command<unknown>
  >)
    .filter((command) => typeof command === "object" && "script" in command)
    .map((command) => [command.script.replace(/^--silent /, ""), command]),
);

/** A placeholder stands for a value a user types: the docs' `<version>` is a version, and so on. */
const SAMPLES: Record<string, string> = { version: "v12", days: "14" };
function argvOf(args: string[]): string[] {
  return args
    .join(" ")
    .replace(/\\\|\S*/g, "") // `dev\|prod\|local` in a table: the first
    .replace(/[[\]]/g, "")
    .replace(/<([^>]*)>/g, (_, name: string) => SAMPLES[name] ?? "x")
    .split(/\s+/)
    .filter(Boolean);
}

const lines = DOC_PAGES.flatMap((page) => commandLines(page).map((command) => ({ page, ...command })));

test("the docs spell out npm scripts that exist", () => {
  expect(lines.length).toBeGreaterThan(40);
  for (const { page, script, line } of lines)
    expect([page, line, scripts.includes(script)]).toEqual([page, line, true]);
});

test("every tool command line in the docs is one the tool accepts", () => {
  const checked = lines.filter(({ script, args }) => tools.has(script) && args.length > 0 && !args.includes("…"));
  expect(checked.length).toBeGreaterThan(25);
  for (const { page, line, script, args } of checked) {
    let problem = "";
    try {
      parseCommandLine(tools.get(script)!, argvOf(args));
    } catch (error) {
      problem = (error as Error).message;
    }
    expect([page, line, problem]).toEqual([page, line, ""]);
  }
});

test("the config error README.md and docs/stack-config.md show is the program's, word for word", async () => {
  const { messages } = await rejected({ environment: "dev", apps: { web: webApp({ replicas: "two", replcas: 2 }) } });
  const printed = [`Invalid stack config (${messages.length} problems):`, ...messages.map((m) => `  ${m}`)];
  expect(fencedBlockAfter("README.md", "A mistake in a stack file")).toEqual(printed);
  expect(fencedBlockAfter("docs/stack-config.md", "every problem at once")).toEqual(printed);
});
