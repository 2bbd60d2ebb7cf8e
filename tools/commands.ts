/**
 * The command line of every tool, in one place: its usage, its flags, and how they become the tool's
 * options (tools/cli.ts runs them: --help, misuse, exit codes).
 */
import { requiredString, UsageError, type Command, type Flags } from "./cli";
import type { DoraOptions } from "./dora/dora-run";
import type { RollbackOptions } from "./release-history/rollback-run";
import type { ReportOptions } from "./report/report-run";
import type { OneOffOptions } from "./one-off-run/run";
import { parseVersion } from "./release-history/target";
import { ACTIONS, type Action } from "./rollout-control/actions";
import type { ReleaseOptions } from "./rollout-control/run";

export interface RenderOptions {
  stack: string;
  config: string;
  out: string;
  /** An apps stack's platform outputs: a render directory or a `pulumi stack output --json --show-secrets` file. */
  platform?: string;
}

export const renderCommand: Command<RenderOptions> = {
  usage:
    "usage: npm run render -- --stack <name> [--config <file>] [--out <dir>] [--platform <render dir or outputs file>]",
  options: {
    stack: { type: "string" },
    config: { type: "string" },
    out: { type: "string" },
    platform: { type: "string" },
  },
  read(flags) {
    const stack = requiredString(flags, "stack");
    const config = typeof flags.config === "string" ? flags.config : `Pulumi.${stack}.yaml`;
    const platform = typeof flags.platform === "string" ? flags.platform : undefined;
    return { stack, config, out: typeof flags.out === "string" ? flags.out : `out/${stack}`, platform };
  },
};

export interface BenchOptions {
  sizes: number[];
  repeat: number;
  /** Where the results go: the committed bench/results.json only when asked (--update). */
  resultsFile: string;
  /** `--layers 20x25`: only the layered set, N apps stacks of M apps on one platform stack. */
  layers?: { stacks: number; apps: number };
}

const positiveInteger = (flag: string, text: string) => {
  if (!/^[1-9]\d*$/.test(text)) throw new UsageError(`--${flag} ${text}: expected a positive whole number`);
  return Number(text);
};

function layeredSet(text: string): { stacks: number; apps: number } {
  const match = /^(\d+)x(\d+)$/.exec(text);
  if (!match) throw new UsageError(`--layers ${text}: expected <apps stacks>x<apps each>, e.g. 20x25`);
  return { stacks: positiveInteger("layers", match[1]), apps: positiveInteger("layers", match[2]) };
}

export const benchCommand: Command<BenchOptions> = {
  usage: "usage: npm run bench -- [--apps 10,100,500] [--repeat 7] [--update] | --layers 20x25 [--repeat 3] [--update]",
  options: {
    apps: { type: "string" },
    repeat: { type: "string" },
    update: { type: "boolean" },
    layers: { type: "string" },
  },
  read: (flags) => ({
    resultsFile: flags.update ? "bench/results.json" : "out/bench/results.json",
    sizes: (typeof flags.apps === "string" ? flags.apps : "10,100,500")
      .split(",")
      .map((n) => positiveInteger("apps", n)),
    // The layered set runs 63 processes per repetition and concurrency: fewer repetitions by default.
    repeat: positiveInteger("repeat", typeof flags.repeat === "string" ? flags.repeat : flags.layers ? "3" : "7"),
    layers: typeof flags.layers === "string" ? layeredSet(flags.layers) : undefined,
  }),
};

export interface AffectedStacksOptions {
  /** The base commit to diff against, or "all". */
  base: string;
  /** Print deploy.yml's plan (environments, waves, layers) instead of a flat list. */
  plan: boolean;
}

export const affectedStacksCommand: Command<AffectedStacksOptions> = {
  usage: "usage: npm run --silent affected-stacks -- (--base <commit> | --all) [--plan]",
  options: { base: { type: "string" }, all: { type: "boolean" }, plan: { type: "boolean" } },
  read(flags) {
    const plan = flags.plan === true;
    if (flags.all) return { base: "all", plan };
    if (typeof flags.base !== "string" || flags.base === "") throw new UsageError("--base or --all is required");
    // GitHub sends an all-zero `before` when a push creates the branch: there is nothing to diff against.
    return { base: /^0+$/.test(flags.base) ? "all" : flags.base, plan };
  },
};

export const policyConfigCommand: Command<string> = {
  usage: "usage: npm run --silent policy-config -- --stack <name>",
  options: { stack: { type: "string" } },
  read: (flags) => requiredString(flags, "stack"),
};

export const releasesCommand: Command<{ stack: string }> = {
  usage: "usage: npm run releases -- --stack <name>",
  options: { stack: { type: "string" } },
  read: (flags) => ({ stack: requiredString(flags, "stack") }),
};

export const rollbackCommand: Command<RollbackOptions> = {
  usage:
    "usage: npm run rollback -- --stack <name> [--to <version>] [--preview] [--yes] [--write-config] [--policy-pack <dir>] [--policy-pack-config <file>]",
  options: {
    stack: { type: "string" },
    to: { type: "string" },
    preview: { type: "boolean" },
    yes: { type: "boolean" },
    "write-config": { type: "boolean" },
    "policy-pack": { type: "string" },
    "policy-pack-config": { type: "string" },
  },
  read(flags) {
    const stack = requiredString(flags, "stack");
    if (flags.preview && flags["write-config"]) {
      throw new UsageError("--write-config needs a rollback, and --preview changes nothing");
    }
    let to: number | undefined;
    try {
      to = typeof flags.to === "string" ? parseVersion(flags.to) : undefined;
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    return {
      stack,
      to,
      preview: flags.preview === true,
      yes: flags.yes === true,
      writeConfig: flags["write-config"] === true,
      policy: { pack: optionalString(flags, "policy-pack"), config: optionalString(flags, "policy-pack-config") },
    };
  },
};

function optionalString(flags: Flags, name: string): string | undefined {
  const value = flags[name];
  return typeof value === "string" && value !== "" ? value : undefined;
}

export const releaseCommand: Command<ReleaseOptions> = {
  usage: "usage: npm run release -- promote|abort|retry --stack <name> --app <app> [--yes] [--dry-run]",
  options: {
    stack: { type: "string" },
    app: { type: "string" },
    yes: { type: "boolean" },
    "dry-run": { type: "boolean" },
  },
  positionals: true,
  read(flags, positionals) {
    const [action, ...extra] = positionals;
    if (!ACTIONS.includes(action as Action) || extra.length > 0) {
      throw new UsageError(`expected one action, promote, abort or retry; got ${positionals.join(" ") || "none"}`);
    }
    return {
      action: action as Action,
      stack: requiredString(flags, "stack"),
      app: requiredString(flags, "app"),
      yes: flags.yes === true,
      dryRun: flags["dry-run"] === true,
    };
  },
};

export const oneOffCommand: Command<OneOffOptions> = {
  usage: [
    "usage: npm run run -- --stack <name> --app <app> [--process <name>] [--ttl <seconds>] [--yes] [--dry-run] -- <command…>",
    "  --process  the process type whose release and pod template to run (default web)",
    "  --ttl      seconds Kubernetes keeps the finished Job and its log (default 600)",
    "  e.g. npm run run -- --stack prod --app shop --process worker -- bin/rails db:migrate:status",
  ].join("\n"),
  options: {
    stack: { type: "string" },
    app: { type: "string" },
    process: { type: "string" },
    ttl: { type: "string" },
    yes: { type: "boolean" },
    "dry-run": { type: "boolean" },
  },
  positionals: true,
  read(flags, positionals) {
    if (positionals.length === 0) throw new UsageError("expected a command after --");
    return {
      stack: requiredString(flags, "stack"),
      app: requiredString(flags, "app"),
      process: typeof flags.process === "string" && flags.process !== "" ? flags.process : "web",
      command: positionals,
      ttlSeconds: positiveInteger("ttl", typeof flags.ttl === "string" ? flags.ttl : "600"),
      yes: flags.yes === true,
      dryRun: flags["dry-run"] === true,
    };
  },
};

export const doraCommand: Command<DoraOptions> = {
  usage: "usage: npm run dora -- --stack <name> [--history <file>] [--git <dir>] [--since <days>] [--json]",
  options: {
    stack: { type: "string" },
    history: { type: "string" },
    git: { type: "string" },
    since: { type: "string" },
    json: { type: "boolean" },
  },
  read(flags) {
    const stack = requiredString(flags, "stack");
    if (flags.history === "") throw new UsageError("--history needs a file");
    if (flags.git === "") throw new UsageError("--git needs a directory");
    return {
      stack,
      historyFile: typeof flags.history === "string" ? flags.history : undefined,
      gitDir: typeof flags.git === "string" ? flags.git : ".",
      sinceDays: positiveInteger("since", typeof flags.since === "string" ? flags.since : "90"),
      json: flags.json === true,
    };
  },
};

export const reportCommand: Command<ReportOptions> = {
  usage:
    "usage: npm run report -- --stack <name> [--history <file>] [--render <dir>] [--out <dir>] [--screenshot <png>]",
  options: {
    stack: { type: "string" },
    history: { type: "string" },
    render: { type: "string" },
    out: { type: "string" },
    screenshot: { type: "string" },
  },
  read(flags) {
    const stack = requiredString(flags, "stack");
    for (const [flag, what] of [
      ["history", "a file"],
      ["render", "a directory"],
      ["out", "a directory"],
      ["screenshot", "a PNG file"],
    ]) {
      if (flags[flag] === "") throw new UsageError(`--${flag} needs ${what}`);
    }
    return {
      stack,
      historyFile: optionalString(flags, "history"),
      renderDir: optionalString(flags, "render") ?? `out/${stack}`,
      outDir: optionalString(flags, "out") ?? `out/${stack}`,
      screenshot: optionalString(flags, "screenshot"),
    };
  },
};

export const docsCommand: Command<{ check: boolean }> = {
  usage: "usage: npm run docs -- [--check]",
  options: { check: { type: "boolean" } },
  read: (flags) => ({ check: flags.check === true }),
};
