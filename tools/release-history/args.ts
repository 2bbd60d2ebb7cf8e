/** Command lines of `npm run releases` and `npm run rollback`. */
import { parseArgs, type ParseArgsConfig } from "node:util";
import type { RollbackOptions } from "./rollback-run";
import { parseVersion } from "./target";

export class UsageError extends Error {
  override name = "UsageError";
}

const RELEASES_USAGE = "usage: npm run releases -- --stack <name>";
const ROLLBACK_USAGE =
  "usage: npm run rollback -- --stack <name> [--to <version>] [--preview] [--yes] [--write-config] [--policy-pack <dir>] [--policy-pack-config <file>]";

function parse(argv: string[], usage: string, options: ParseArgsConfig["options"]) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values as Record<
      string,
      string | boolean | undefined
    >;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${usage}`);
  }
}

export function parseReleasesArgs(argv: string[]): { stack: string } {
  const values = parse(argv, RELEASES_USAGE, { stack: { type: "string" } });
  if (typeof values.stack !== "string" || values.stack === "")
    throw new UsageError(`--stack is required\n${RELEASES_USAGE}`);
  return { stack: values.stack };
}

export function parseRollbackArgs(argv: string[]): RollbackOptions {
  const values = parse(argv, ROLLBACK_USAGE, {
    stack: { type: "string" },
    to: { type: "string" },
    preview: { type: "boolean" },
    yes: { type: "boolean" },
    "write-config": { type: "boolean" },
    "policy-pack": { type: "string" },
    "policy-pack-config": { type: "string" },
  });
  if (typeof values.stack !== "string" || values.stack === "")
    throw new UsageError(`--stack is required\n${ROLLBACK_USAGE}`);
  if (values.preview && values["write-config"])
    throw new UsageError(`--write-config needs a rollback, and --preview changes nothing\n${ROLLBACK_USAGE}`);
  let to: number | undefined;
  try {
    to = typeof values.to === "string" ? parseVersion(values.to) : undefined;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${ROLLBACK_USAGE}`);
  }
  return {
    stack: values.stack,
    to,
    preview: values.preview === true,
    yes: values.yes === true,
    writeConfig: values["write-config"] === true,
    policy: { pack: stringOrUndefined(values["policy-pack"]), config: stringOrUndefined(values["policy-pack-config"]) },
  };
}

function stringOrUndefined(value: string | boolean | undefined): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
