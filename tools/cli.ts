/**
 * Every tool's command line, handled one way: `--help` prints the usage and exits 0; a misuse (an
 * unknown flag, a missing or bad value, a bad combination) prints what is wrong and the usage and
 * exits 2; the tool's own run decides 0 or 1, and anything it throws exits 1.
 */
import { parseArgs, type ParseArgsOptionsConfig } from "node:util";

export class UsageError extends Error {
  override name = "UsageError";
}

export type Flags = Record<string, string | boolean | undefined>;

export interface Command<T> {
  usage: string;
  options: ParseArgsOptionsConfig;
  /** Whether words other than flags are allowed (e.g. an action); they reach `read` in order. */
  positionals?: boolean;
  /** Turns the flags into the tool's options; throws UsageError for a missing or bad value. */
  read: (flags: Flags, positionals: string[]) => T;
}

/** A flag every command requires, as a non-empty string. */
export function requiredString(flags: Flags, name: string): string {
  const value = flags[name];
  if (typeof value !== "string" || value === "") throw new UsageError(`--${name} is required`);
  return value;
}

/** The command's options, or "help" when asked for; a UsageError (with the usage) on a misuse. */
export function parseCommandLine<T>(command: Command<T>, argv: string[]): T | "help" {
  const withUsage = (error: unknown) => new UsageError(`${(error as Error).message}\n${command.usage}`);
  let parsed: { values: Flags; positionals: string[] };
  try {
    const options = { ...command.options, help: { type: "boolean", short: "h" } } as const;
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: command.positionals === true });
  } catch (error) {
    throw withUsage(error);
  }
  if (parsed.values.help) return "help";
  try {
    return command.read(parsed.values, parsed.positionals);
  } catch (error) {
    throw error instanceof UsageError ? withUsage(error) : error;
  }
}

/** A tool's entry point: parses `process.argv`, then runs it and exits with its code. */
export function runCommand<T>(command: Command<T>, run: (options: T) => Promise<number>): void {
  let options: T | "help";
  try {
    options = parseCommandLine(command, process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
  if (options === "help") {
    console.log(command.usage);
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
