/**
 * Every tool's command line, handled one way, from one option table per tool: the usage line and
 * `--help` (options, defaults, examples) are printed from the table the parser reads, so neither can
 * drift. `--help` exits 0; a misuse (an unknown flag, with a "did you mean"; a missing or bad value; a
 * flag npm took for itself) prints what is wrong and the usage and exits 2; the tool's run decides 0
 * or 1, and anything it throws exits 1.
 */
import { parseArgs, type ParseArgsOptionsConfig } from "node:util";
import { closestKnownKey } from "../config/schema-walk";

export class UsageError extends Error {
  override name = "UsageError";
}

export type Flags = Record<string, string | boolean | undefined>;

export interface OptionSpec {
  type: "string" | "boolean";
  /** The value's placeholder, e.g. `<name>` (string options). */
  value?: string;
  required?: boolean;
  /** What applies when the option is not given, as the help shows it. */
  default?: string;
  description: string;
}

export interface CommandSpec<T> {
  /** The npm script, e.g. `render` or `--silent affected-stacks`. */
  script: string;
  summary: string;
  /** Words before the flags, e.g. `promote|abort|retry`; they reach `read` in order. */
  positionals?: string;
  options: Record<string, OptionSpec>;
  /** Whole command lines, each one a user can paste. */
  examples: [string, ...string[]];
  /** Turns the flags into the tool's options; throws UsageError for a missing or bad value. */
  read: (flags: Flags, positionals: string[]) => T;
}

export interface Command<T> extends CommandSpec<T> {
  usage: string;
}

function usageLine(spec: CommandSpec<unknown>): string {
  const flags = Object.entries(spec.options).map(([name, option]) => {
    const flag = option.type === "string" ? `--${name} ${option.value ?? "<value>"}` : `--${name}`;
    return option.required ? flag : `[${flag}]`;
  });
  // Words after a second `--` (a command to run) follow the flags; others (an action) precede them.
  const [before, after] = spec.positionals?.startsWith("-- ") ? [undefined, spec.positionals] : [spec.positionals];
  return ["usage: npm run", spec.script, "--", before, ...flags, after].filter(Boolean).join(" ");
}

export function defineCommand<T>(spec: CommandSpec<T>): Command<T> {
  return { ...spec, usage: usageLine(spec) };
}

/** What `--help` prints: the usage, what the tool does, every option with its default, examples. */
export function helpText(command: Command<unknown>): string {
  const rows = Object.entries(command.options).map(([name, option]) => {
    const flag = option.type === "string" ? `--${name} ${option.value ?? "<value>"}` : `--${name}`;
    const note = option.required ? " (required)" : option.default ? ` (default: ${option.default})` : "";
    return [flag, `${option.description}${note}`];
  });
  rows.push(["-h, --help", "print this help"]);
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return [
    command.usage,
    "",
    command.summary,
    "",
    "Options:",
    ...rows.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`),
    "",
    `Example${command.examples.length > 1 ? "s" : ""}:`,
    ...command.examples.map((example) => `  ${example}`),
  ].join("\n");
}

/** A flag every command requires, as a non-empty string. */
export function requiredString(flags: Flags, name: string): string {
  const value = flags[name];
  if (typeof value !== "string" || value === "") throw new UsageError(`--${name} is required`);
  return value;
}

/** `--ouput` → `unknown option --ouput (did you mean --out?)`; other parse errors as Node words them. */
function parseProblem(error: unknown, command: Command<unknown>): string {
  const message = (error as Error).message;
  if ((error as { code?: string }).code !== "ERR_PARSE_ARGS_UNKNOWN_OPTION") return message;
  const typed = /'(-[^']*)'/.exec(message)?.[1] ?? "";
  const name = typed.replace(/^-+/, "").split("=")[0];
  // Option names are short: two edits (`--ouput` for `--out`) is still a typo, not another word.
  const suggestion = closestKnownKey(name, [...Object.keys(command.options), "help"], 2);
  return `unknown option ${typed}${suggestion ? ` (did you mean --${suggestion}?)` : ""}`;
}

/**
 * `npm run render --stack dev` (no `--`) gives `--stack` to npm, which sets npm_config_stack and passes
 * only `dev` on: the options of this command that npm took, so the error can say how to pass them.
 */
export function optionsNpmTook(command: Command<unknown>, env: NodeJS.ProcessEnv): string[] {
  if (env.npm_lifecycle_event === undefined) return [];
  return Object.keys(command.options).filter((name) => Boolean(env[`npm_config_${name.replace(/-/g, "_")}`]));
}

function npmHint(command: Command<unknown>, env: NodeJS.ProcessEnv): string | undefined {
  const taken = optionsNpmTook(command, env);
  if (taken.length === 0) return undefined;
  const flags = taken.map((name) => `--${name}`).join(", ");
  return `npm took ${flags} for itself: put the tool's options after --, e.g. ${command.examples[0]}`;
}

/** The command's options, or "help" when asked for; a UsageError (with the usage) on a misuse. */
export function parseCommandLine<T>(command: Command<T>, argv: string[], env: NodeJS.ProcessEnv = {}): T | "help" {
  const withUsage = (problem: string) =>
    new UsageError([problem, npmHint(command, env), command.usage].filter(Boolean).join("\n"));
  let parsed: { values: Flags; positionals: string[] };
  try {
    const options: ParseArgsOptionsConfig = { help: { type: "boolean", short: "h" } };
    for (const [name, { type }] of Object.entries(command.options)) options[name] = { type };
    // No option is `multiple`, so no value is a list.
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: command.positionals !== undefined }) as {
      values: Flags;
      positionals: string[];
    };
  } catch (error) {
    throw withUsage(parseProblem(error, command));
  }
  if (parsed.values.help) return "help";
  try {
    return command.read(parsed.values, parsed.positionals);
  } catch (error) {
    throw error instanceof UsageError ? withUsage(error.message) : error;
  }
}

/** A tool's entry point: parses `process.argv`, then runs it and exits with its code. */
export function runCommand<T>(command: Command<T>, run: (options: T) => Promise<number>): void {
  let options: T | "help";
  try {
    options = parseCommandLine(command, process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
  if (options === "help") {
    console.log(helpText(command));
    return;
  }
  // Exit explicitly: the Automation API and the mock engine can leave handles that keep Node alive.
  run(options).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exit(1);
    },
  );
}
