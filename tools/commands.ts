/**
 * The command line of every tool, in one place: one option table each (flags, placeholders, defaults,
 * descriptions, examples), and how the flags become the tool's options. tools/cli.ts prints the usage
 * and --help from the same table it parses with.
 */
import { stackNameProblems } from "../config/k8s-limits";
import { defineCommand, requiredString, UsageError, type Flags, type OptionSpec } from "./cli";
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

/**
 * `--stack`: a stack's name, or its file (`Pulumi.dev.yaml`, what a shell completes), checked as
 * Pulumi checks stack names (config/stack-name.ts) before it names a file or a folder.
 */
function stackFlag(flags: Flags): { stack: string; file?: string } {
  const given = requiredString(flags, "stack");
  const file = /(?:^|\/)Pulumi\.([^/]+)\.ya?ml$/.exec(given);
  const stack = file ? file[1] : given;
  const problem = stackNameProblems(stack)[0];
  if (problem !== undefined) throw new UsageError(`--stack ${given}: ${problem.message}`);
  return { stack, file: file ? given : undefined };
}

export const renderCommand = defineCommand<RenderOptions>({
  script: "render",
  summary: "Renders a stack offline under the Pulumi mock engine: manifests, resources, policy verdicts, a diff.",
  options: {
    stack: { type: "string", value: "<name>", required: true, description: "the stack to render" },
    config: { type: "string", value: "<file>", default: "Pulumi.<stack>.yaml", description: "the stack file" },
    out: {
      type: "string",
      value: "<dir>",
      default: "out/<stack>",
      description: "where the render goes; an earlier render there is the previous update",
    },
    platform: {
      type: "string",
      value: "<render dir or outputs file>",
      default: "out/<platform stack>",
      description: "an apps stack's platform outputs (pulumi stack output --json --show-secrets)",
    },
  },
  examples: ["npm run render -- --stack dev", "npm run render -- --stack search-staging --platform platform.json"],
  read(flags) {
    const { stack, file } = stackFlag(flags);
    const config = typeof flags.config === "string" ? flags.config : (file ?? `Pulumi.${stack}.yaml`);
    const platform = typeof flags.platform === "string" ? flags.platform : undefined;
    return { stack, config, out: typeof flags.out === "string" ? flags.out : `out/${stack}`, platform };
  },
});

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

export const benchCommand = defineCommand<BenchOptions>({
  script: "bench",
  summary: "Benchmarks the program, the SDK's floor and the full render on generated stacks of many apps.",
  options: {
    apps: { type: "string", value: "<sizes>", default: "10,100,500", description: "stack sizes, in apps" },
    repeat: {
      type: "string",
      value: "<n>",
      default: "7, or 3 with --layers",
      description: "samples of each measurement",
    },
    update: {
      type: "boolean",
      description: "write the committed bench/results.json instead of out/bench/results.json",
    },
    layers: {
      type: "string",
      value: "<stacks>x<apps>",
      description: "only the layered set: a platform stack and that many apps stacks of that many apps",
    },
  },
  examples: ["npm run bench", "npm run bench -- --apps 10,100 --repeat 3", "npm run bench -- --layers 20x25"],
  read: (flags) => ({
    resultsFile: flags.update ? "bench/results.json" : "out/bench/results.json",
    sizes: (typeof flags.apps === "string" ? flags.apps : "10,100,500")
      .split(",")
      .map((n) => positiveInteger("apps", n)),
    // The layered set runs 63 processes per repetition and concurrency: fewer repetitions by default.
    repeat: positiveInteger("repeat", typeof flags.repeat === "string" ? flags.repeat : flags.layers ? "3" : "7"),
    layers: typeof flags.layers === "string" ? layeredSet(flags.layers) : undefined,
  }),
});

export interface StartTimeOptions {
  stack: string;
  repeat: number;
  /** The committed bench/start-time.json only when asked (--update). */
  resultsFile: string;
}

export const startTimeCommand = defineCommand<StartTimeOptions>({
  script: "start-time",
  summary:
    "Times a real `pulumi preview`'s start, cold, to the program's first registration: the SDK's own start path against a fake engine.",
  options: {
    stack: { type: "string", value: "<name>", default: "dev", description: "the stack file that configures the runs" },
    repeat: { type: "string", value: "<n>", default: "5", description: "fresh processes to time" },
    update: {
      type: "boolean",
      description: "write the committed bench/start-time.json instead of out/bench/start-time.json",
    },
  },
  examples: ["npm run start-time", "npm run start-time -- --stack prod --repeat 9"],
  read: (flags) => ({
    stack: typeof flags.stack === "string" ? stackFlag(flags).stack : "dev",
    repeat: positiveInteger("repeat", typeof flags.repeat === "string" ? flags.repeat : "5"),
    resultsFile: flags.update ? "bench/start-time.json" : "out/bench/start-time.json",
  }),
});

export interface AffectedStacksOptions {
  /** The base commit to diff against, or "all". */
  base: string;
  /** Print deploy.yml's plan (environments, waves, layers) instead of a flat list. */
  plan: boolean;
}

export const affectedStacksCommand = defineCommand<AffectedStacksOptions>({
  script: "--silent affected-stacks",
  summary: "Lists the stacks a change previews and deploys (the stacks CI can reach), as JSON.",
  options: {
    base: { type: "string", value: "<commit>", description: "the commit to diff against (this or --all)" },
    all: { type: "boolean", description: "every stack CI covers (this or --base)" },
    plan: { type: "boolean", description: "print deploy.yml's plan: environments, waves, layers" },
  },
  examples: [
    "npm run --silent affected-stacks -- --base origin/main",
    "npm run --silent affected-stacks -- --all --plan",
  ],
  read(flags) {
    const plan = flags.plan === true;
    if (flags.all) return { base: "all", plan };
    if (typeof flags.base !== "string" || flags.base === "") throw new UsageError("--base or --all is required");
    // GitHub sends an all-zero `before` when a push creates the branch: there is nothing to diff against.
    return { base: /^0+$/.test(flags.base) ? "all" : flags.base, plan };
  },
});

export const policyConfigCommand = defineCommand<string>({
  script: "--silent policy-config",
  summary: "Prints the policy pack's config file for a stack (an apps stack's is written first).",
  options: { stack: { type: "string", value: "<name>", required: true, description: "the stack" } },
  examples: ["npm run --silent policy-config -- --stack prod"],
  read: (flags) => stackFlag(flags).stack,
});

export const releasesCommand = defineCommand<{ stack: string }>({
  script: "releases",
  summary: "Lists every update of a stack, newest first, and what each changed (needs the Pulumi CLI).",
  options: { stack: { type: "string", value: "<name>", required: true, description: "the stack" } },
  examples: ["npm run releases -- --stack prod"],
  read: (flags) => ({ stack: stackFlag(flags).stack }),
});

export const rollbackCommand = defineCommand<RollbackOptions>({
  script: "rollback",
  summary: "Re-applies an earlier release's config and program as a new update (needs the Pulumi CLI).",
  options: {
    stack: { type: "string", value: "<name>", required: true, description: "the stack" },
    to: {
      type: "string",
      value: "<version>",
      default: "the last successful update before the current one",
      description: "the release to go back to, e.g. v12",
    },
    preview: { type: "boolean", description: "show the plan and pulumi preview --diff; change nothing" },
    yes: { type: "boolean", description: "do not ask (required without a terminal, as in CI)" },
    "write-config": {
      type: "boolean",
      description: "also write the restored settings into Pulumi.<stack>.yaml and the secrets through the CLI",
    },
    "policy-pack": { type: "string", value: "<dir>", default: "policy", description: "the policy pack" },
    "policy-pack-config": {
      type: "string",
      value: "<file>",
      default: "policy/config/<tier>.json",
      description: "the policy pack's config",
    },
  },
  examples: ["npm run rollback -- --stack prod --preview", "npm run rollback -- --stack prod --to v12"],
  read(flags) {
    const { stack } = stackFlag(flags);
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
});

function optionalString(flags: Flags, name: string): string | undefined {
  const value = flags[name];
  return typeof value === "string" && value !== "" ? value : undefined;
}

export const releaseCommand = defineCommand<ReleaseOptions>({
  script: "release",
  summary: "Promotes, aborts or retries an app's canary or blue/green release on the stack's cluster.",
  positionals: "promote|abort|retry",
  options: {
    stack: { type: "string", value: "<name>", required: true, description: "the stack" },
    app: { type: "string", value: "<app>", required: true, description: "the app whose Rollout to move" },
    yes: { type: "boolean", description: "do not ask (required without a terminal)" },
    "dry-run": { type: "boolean", description: "print the state, the plan and the exact patches; change nothing" },
  },
  examples: [
    "npm run release -- promote --stack prod --app shop --dry-run",
    "npm run release -- abort --stack prod --app shop --yes",
  ],
  read(flags, positionals) {
    const [action, ...extra] = positionals;
    if (!ACTIONS.includes(action as Action) || extra.length > 0) {
      throw new UsageError(`expected one action, promote, abort or retry; got ${positionals.join(" ") || "none"}`);
    }
    return {
      action: action as Action,
      stack: stackFlag(flags).stack,
      app: requiredString(flags, "app"),
      yes: flags.yes === true,
      dryRun: flags["dry-run"] === true,
    };
  },
});

export const oneOffCommand = defineCommand<OneOffOptions>({
  script: "run",
  summary:
    "Runs a one-off command as a Job from an app's current release (its image digest, ConfigMap and Secret), streams its log and returns its exit code.",
  positionals: "-- <command…>",
  options: {
    stack: { type: "string", value: "<name>", required: true, description: "the stack" },
    app: { type: "string", value: "<app>", required: true, description: "the app whose release to run" },
    process: {
      type: "string",
      value: "<name>",
      default: "web",
      description: "the process type whose release and pod template to run",
    },
    ttl: {
      type: "string",
      value: "<seconds>",
      default: "600",
      description: "how long Kubernetes keeps the finished Job and its log",
    },
    yes: { type: "boolean", description: "run without asking (needed without a terminal)" },
    "dry-run": { type: "boolean", description: "print the Job and run nothing" },
  },
  examples: ["npm run run -- --stack prod --app shop --process worker -- bin/rails db:migrate:status"],
  read(flags, positionals) {
    if (positionals.length === 0) throw new UsageError("expected a command after --");
    return {
      stack: stackFlag(flags).stack,
      app: requiredString(flags, "app"),
      process: typeof flags.process === "string" && flags.process !== "" ? flags.process : "web",
      command: positionals,
      ttlSeconds: positiveInteger("ttl", typeof flags.ttl === "string" ? flags.ttl : "600"),
      yes: flags.yes === true,
      dryRun: flags["dry-run"] === true,
    };
  },
});

/** `--history`, as dora and report take it. */
const HISTORY_OPTION: OptionSpec = {
  type: "string",
  value: "<file>",
  default: "the stack's history through the Pulumi CLI",
  description: "what pulumi stack history --json printed",
};

export const doraCommand = defineCommand<DoraOptions>({
  script: "dora",
  summary: "Measures a stack's four DORA keys from its update history and the commits' times.",
  options: {
    stack: { type: "string", value: "<name>", required: true, description: "the stack" },
    history: HISTORY_OPTION,
    git: { type: "string", value: "<dir>", default: ".", description: "the git repository of the commits" },
    since: { type: "string", value: "<days>", default: "90", description: "the window, ending at the newest update" },
    json: { type: "boolean", description: "print the figures as JSON" },
  },
  examples: ["npm run dora -- --stack prod", "npm run dora -- --stack prod --history test/fixtures/history-prod.json"],
  read(flags) {
    const { stack } = stackFlag(flags);
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
});

export const reportCommand = defineCommand<ReportOptions>({
  script: "report",
  summary: "Writes a self-contained release report page from a stack's render and update history.",
  options: {
    stack: { type: "string", value: "<name>", required: true, description: "the stack" },
    history: HISTORY_OPTION,
    render: { type: "string", value: "<dir>", default: "out/<stack>", description: "the stack's offline render" },
    out: { type: "string", value: "<dir>", default: "out/<stack>", description: "where report.html goes" },
    screenshot: { type: "string", value: "<png>", description: "also save a picture of the page (Chromium)" },
  },
  examples: [
    "npm run report -- --stack prod --history test/fixtures/history-prod.json",
    "npm run report -- --stack prod --history test/fixtures/history-prod.json --screenshot docs/release-report.png",
  ],
  read(flags) {
    const { stack } = stackFlag(flags);
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
});

export const docsCommand = defineCommand<{ check: boolean }>({
  script: "docs",
  summary: "Writes the generated docs pages (docs/config-reference.md, from the config schema).",
  options: { check: { type: "boolean", description: "write nothing; exit 1 when a committed page differs" } },
  examples: ["npm run docs"],
  read: (flags) => ({ check: flags.check === true }),
});
