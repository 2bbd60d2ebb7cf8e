/**
 * The command line of `npm run review` (tools/review.ts), in the one-table form of tools/commands.ts:
 * the review-app lifecycle CI drives (up on a push, destroy on close, sweep on a schedule).
 */
import { defineCommand, requiredString, UsageError, type Flags } from "./cli";
import { positiveInteger, stackFlag } from "./commands";
import type { PolicyChoice } from "./release-history/policy-pack";

export type ReviewOptions =
  | { action: "up"; source: string; pr: number; base: string; comment?: string; policy: PolicyChoice }
  | { action: "destroy"; source: string; pr: number }
  | { action: "sweep"; source?: string; now?: Date }
  | { action: "sources" };

const ACTIONS = ["up", "destroy", "sweep", "sources"] as const;

/** Which action each option goes with; any other use is a usage error. */
const OPTION_ACTIONS: Record<string, readonly string[]> = {
  source: ["up", "destroy", "sweep"],
  pr: ["up", "destroy"],
  base: ["up"],
  comment: ["up"],
  "policy-pack": ["up"],
  "policy-pack-config": ["up"],
  now: ["sweep"],
};

const optional = (flags: Flags, name: string) =>
  typeof flags[name] === "string" && flags[name] !== "" ? flags[name] : undefined;

/** `--source`: an apps stack's name, checked as `--stack` is. */
function sourceFlag(flags: Flags): string {
  const given = requiredString(flags, "source");
  try {
    return stackFlag({ stack: given }).stack;
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^--stack/, "--source"));
  }
}

function nowFlag(text: string): Date {
  const now = new Date(text);
  if (!/^\d{4}-\d\d-\d\dT/.test(text) || Number.isNaN(now.getTime()))
    throw new UsageError(`--now ${text}: expected an ISO 8601 time, e.g. 2026-12-07T06:00:00Z`);
  return now;
}

export const reviewCommand = defineCommand<ReviewOptions>({
  script: "review",
  summary:
    "Creates or updates a pull request's review stack and checks it (up), removes it (destroy), removes every review stack past its TTL (sweep), or lists the apps stacks granted review stacks and their platforms, as JSON (sources). Needs the Pulumi CLI, except sources.",
  positionals: "up|destroy|sweep|sources",
  options: {
    source: {
      type: "string",
      value: "<apps stack>",
      default: "every source, for sweep",
      description: "the apps stack the review stack copies (required for up and destroy)",
    },
    pr: { type: "string", value: "<n>", description: "the pull request's number (up, destroy)" },
    base: { type: "string", value: "<ref>", description: "the pull request's base commit (up)" },
    comment: {
      type: "string",
      value: "<file>",
      default: "stdout",
      description: "where up writes the pull request comment (Markdown)",
    },
    now: {
      type: "string",
      value: "<iso time>",
      default: "the current time",
      description: "the time sweep judges each stack's age at (sweep)",
    },
    "policy-pack": { type: "string", value: "<dir>", default: "policy", description: "the policy pack (up)" },
    "policy-pack-config": {
      type: "string",
      value: "<file>",
      default: "the review stack's, as npm run policy-config writes it",
      description: "the policy pack's config (up)",
    },
  },
  examples: [
    "npm run review -- up --source shop-staging --pr 42 --base origin/main --comment review.md",
    "npm run review -- destroy --source shop-staging --pr 42",
    "npm run review -- sweep --now 2026-12-07T06:00:00Z",
  ],
  read(flags, positionals) {
    const [action, ...extra] = positionals;
    if (!ACTIONS.includes(action as (typeof ACTIONS)[number]) || extra.length > 0)
      throw new UsageError(`expected one action, ${ACTIONS.join(", ")}; got ${positionals.join(" ") || "none"}`);
    for (const [name, actions] of Object.entries(OPTION_ACTIONS))
      if (flags[name] !== undefined && !actions.includes(action))
        throw new UsageError(`--${name} goes with ${actions.join(" or ")}, not ${action}`);
    if (action === "sources") return { action };
    if (action === "sweep") {
      const now = optional(flags, "now");
      return {
        action,
        source: flags.source === undefined ? undefined : sourceFlag(flags),
        now: now === undefined ? undefined : nowFlag(now),
      };
    }
    const source = sourceFlag(flags);
    const pr = positiveInteger("pr", requiredString(flags, "pr"));
    if (action === "destroy") return { action, source, pr };
    return {
      action: "up",
      source,
      pr,
      base: requiredString(flags, "base"),
      comment: optional(flags, "comment"),
      policy: { pack: optional(flags, "policy-pack"), config: optional(flags, "policy-pack-config") },
    };
  },
});
