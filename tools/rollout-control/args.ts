/** Command line of `npm run release -- promote|abort|retry --stack <s> --app <a> [--yes] [--dry-run]`. */
import { parseArgs } from "node:util";
import { UsageError } from "../release-history/args";
import { ACTIONS, type Action } from "./actions";

export interface ReleaseOptions {
  action: Action;
  stack: string;
  app: string;
  yes: boolean;
  dryRun: boolean;
}

const USAGE = "usage: npm run release -- promote|abort|retry --stack <name> --app <app> [--yes] [--dry-run]";

export function parseReleaseArgs(argv: string[]): ReleaseOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        stack: { type: "string" },
        app: { type: "string" },
        yes: { type: "boolean" },
        "dry-run": { type: "boolean" },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  const [action, ...extra] = positionals;
  if (!ACTIONS.includes(action as Action) || extra.length > 0)
    throw new UsageError(
      `expected one action, promote, abort or retry; got ${positionals.join(" ") || "none"}\n${USAGE}`,
    );
  for (const flag of ["stack", "app"] as const) {
    if (!values[flag]) throw new UsageError(`--${flag} is required\n${USAGE}`);
  }
  return {
    action: action as Action,
    stack: values.stack!,
    app: values.app!,
    yes: values.yes === true,
    dryRun: values["dry-run"] === true,
  };
}
