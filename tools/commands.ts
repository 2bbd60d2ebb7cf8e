/**
 * The command line of every tool (the render's is in tools/render-command.ts, the release tools' in
 * tools/release-commands.ts): one option table each (flags, placeholders, defaults, descriptions,
 * examples), and how the flags become the tool's options. tools/cli.ts prints the usage and --help from
 * the same table it parses with.
 */
import { stackNameProblems } from "../config/k8s-limits";
import { DEFAULT_CHART_CACHE, isSha256 } from "./charts/cache";
import { defineCommand, requiredString, UsageError, type Flags } from "./cli";
import { UP_EVENTS, type NotifyOptions, type UpEvent } from "./notify/post";

/**
 * `--stack`: a stack's name, or its file (`Pulumi.dev.yaml`, what a shell completes), checked as
 * Pulumi checks stack names (config/stack-name.ts) before it names a file or a folder.
 */
export function stackFlag(flags: Flags): { stack: string; file?: string } {
  const given = requiredString(flags, "stack");
  const file = /(?:^|\/)Pulumi\.([^/]+)\.ya?ml$/.exec(given);
  const stack = file ? file[1] : given;
  const problem = stackNameProblems(stack)[0];
  if (problem !== undefined) throw new UsageError(`--stack ${given}: ${problem.message}`);
  return { stack, file: file ? given : undefined };
}

export interface BenchOptions {
  sizes: number[];
  repeat: number;
  /** Where the results go: the committed bench/results.json only when asked (--update). */
  resultsFile: string;
  /** `--layers 20x25`: only the layered set, N apps stacks of M apps on one platform stack. */
  layers?: { stacks: number; apps: number };
}

export const positiveInteger = (flag: string, text: string) => {
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

export const docsCommand = defineCommand<{ check: boolean }>({
  script: "docs",
  summary:
    "Writes the generated docs: docs/config-reference.md (from the config schema) and the figures in docs/performance.md (from bench/results.json and bench/start-time.json).",
  options: { check: { type: "boolean", description: "write nothing; exit 1 when a committed page differs" } },
  examples: ["npm run docs"],
  read: (flags) => ({ check: flags.check === true }),
});

export interface ChartsOptions {
  action: "pull" | "list";
  cache: string;
  /** Digests given for charts whose pin's `packageDigest` (components/platform/services/) is unverified, by chart. */
  digests: Record<string, string>;
}

/** `--digest traefik=<sha256>,cert-manager=<sha256>`: each a pinned chart and a sha256 in hex. */
function givenDigests(text: string | undefined): Record<string, string> {
  const digests: Record<string, string> = {};
  for (const pair of text ? text.split(",") : []) {
    const [chart, sha256] = pair.split("=");
    if (!chart || !sha256 || !isSha256(sha256))
      throw new UsageError(`--digest ${pair}: expected <chart>=<sha256 in 64 lowercase hex digits>`);
    digests[chart] = sha256;
  }
  return digests;
}

export const chartsCommand = defineCommand<ChartsOptions>({
  script: "charts",
  summary:
    "Fetches every pinned chart package into the chart cache, verified by its sha256 (pull), or lists pins, digests and cache state (list).",
  positionals: "pull|list",
  options: {
    cache: { type: "string", value: "<dir>", default: DEFAULT_CHART_CACHE, description: "the chart cache" },
    digest: {
      type: "string",
      value: "<chart>=<sha256>,…",
      description: "digests for charts whose recorded digest is unverified (pull refuses them otherwise)",
    },
  },
  examples: ["npm run charts -- pull", "npm run charts -- list --cache /tmp/charts"],
  read(flags, positionals) {
    const [action, ...extra] = positionals;
    if ((action !== "pull" && action !== "list") || extra.length > 0)
      throw new UsageError(`expected one action, pull or list; got ${positionals.join(" ") || "none"}`);
    const cache = typeof flags.cache === "string" ? flags.cache : DEFAULT_CHART_CACHE;
    return { action, cache, digests: givenDigests(typeof flags.digest === "string" ? flags.digest : undefined) };
  },
});

export const promotionNoteCommand = defineCommand<{ base: string }>({
  script: "--silent promotion-note",
  summary: "Prints the pull request note on a promotion (npm run promote's commit trailer), or nothing.",
  options: {
    base: { type: "string", value: "<commit>", required: true, description: "the pull request's base commit" },
  },
  examples: ["npm run --silent promotion-note -- --base origin/main"],
  read: (flags) => ({ base: requiredString(flags, "base") }),
});

export const notifyCommand = defineCommand<NotifyOptions>({
  script: "notify",
  summary:
    "Posts a pulumi up's progress to the stack's slipway:notifications webhook, whose URL is read from SLIPWAY_WEBHOOK_URL.",
  options: {
    stack: { type: "string", value: "<name>", required: true, description: "the stack" },
    event: { type: "string", value: "started|succeeded|failed", required: true, description: "what happened" },
    commit: { type: "string", value: "<sha>", description: "the commit being deployed" },
    link: { type: "string", value: "<url>", description: "where to read the run" },
  },
  examples: ["npm run notify -- --stack prod --event started --commit 0123abc"],
  read(flags) {
    const event = requiredString(flags, "event");
    if (!Object.hasOwn(UP_EVENTS, event))
      throw new UsageError(`--event ${event}: expected one of ${Object.keys(UP_EVENTS).join(", ")}`);
    const optional = (name: string) =>
      typeof flags[name] === "string" && flags[name] !== "" ? flags[name] : undefined;
    return {
      stack: stackFlag(flags).stack,
      event: event as UpEvent,
      commit: optional("commit"),
      link: optional("link"),
    };
  },
});
