/**
 * The command lines of the tools that act on a deployed stack and its release history (releases,
 * rollback, promote, release, run, dora, report), in the same one-table form as tools/commands.ts.
 */
import { defineCommand, requiredString, UsageError, type Flags, type OptionSpec } from "./cli";
import { positiveInteger, stackFlag } from "./commands";
import type { DoraOptions } from "./dora/dora-run";
import type { RollbackOptions } from "./release-history/rollback-run";
import type { ReportOptions } from "./report/report-run";
import type { OneOffOptions } from "./one-off-run/run";
import type { PromoteOptions } from "./promotion/promote-run";
import { parseVersion } from "./release-history/target";
import { ACTIONS, type Action } from "./rollout-control/actions";
import type { ReleaseOptions } from "./rollout-control/run";

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

export const promoteCommand = defineCommand<PromoteOptions>({
  script: "promote",
  summary:
    "Opens a pull request that moves exactly the image (digest and version) of an app's verified release in one stack into another's stack file.",
  options: {
    from: { type: "string", value: "<stack>", required: true, description: "the stack whose release was verified" },
    to: {
      type: "string",
      value: "<stack>",
      required: true,
      description: "the stack whose file the pull request changes",
    },
    app: { type: "string", value: "<app>", required: true, description: "the app to promote" },
    release: {
      type: "string",
      value: "<version>",
      default: "the app's newest succeeded release in --from",
      description: "the --from update to promote, e.g. v14",
    },
    base: { type: "string", value: "<branch>", default: "main", description: "the branch the pull request goes into" },
    yes: { type: "boolean", description: "do not ask (required without a terminal)" },
    "dry-run": {
      type: "boolean",
      description: "print the release, the config diff and the file change; change nothing",
    },
  },
  examples: [
    "npm run promote -- --from dev --to prod --app storefront --dry-run",
    "npm run promote -- --from shop-staging --to prod --app storefront --release v14 --yes",
  ],
  read(flags) {
    const stackOf = (name: string) => stackFlag({ stack: requiredString(flags, name) }).stack;
    const [from, to] = [stackOf("from"), stackOf("to")];
    if (from === to) throw new UsageError(`--from and --to are both ${from}: promote between two stacks`);
    let release: number | undefined;
    try {
      release = typeof flags.release === "string" ? parseVersion(flags.release) : undefined;
    } catch {
      throw new UsageError(`--release ${String(flags.release)}: expected a version such as v14 or 14`);
    }
    return {
      from,
      to,
      app: requiredString(flags, "app"),
      release,
      base: optionalString(flags, "base") ?? "main",
      yes: flags.yes === true,
      dryRun: flags["dry-run"] === true,
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
