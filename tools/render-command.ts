/**
 * The render's command line (tools/render.ts), in the same one-table form as tools/commands.ts: its
 * option table, and how `--stack`, or `--review` with `--pr`, `--slot` and `--base`, become what to render.
 */
import { DEFAULT_CHART_CACHE } from "./charts/cache";
import { reviewStackName } from "../config/review-stack";
import { defineCommand, requiredString, UsageError, type Flags } from "./cli";
import { positiveInteger, stackFlag } from "./commands";

export interface RenderOptions {
  stack: string;
  config: string;
  out: string;
  /** An apps stack's platform outputs: a render directory or a `pulumi stack output --json --show-secrets` file. */
  platform?: string;
  /** The chart cache (tools/charts/cache.ts): installs whose package it holds are expanded with Helm. */
  chartCache: string;
  /**
   * `--review <apps stack> --pr <n>`: that pull request's review stack instead (config/review-stack.ts),
   * of the apps changed since `base` (tools/review/changed-apps.ts), or of every reviewable app.
   */
  review?: { source: string; pr: number; slot: number; base?: string };
}

function chartCacheFlag(flags: Flags): string {
  return typeof flags["chart-cache"] === "string" ? flags["chart-cache"] : DEFAULT_CHART_CACHE;
}

/** `--review <apps stack> --pr <n> [--slot <n>] [--base <ref>]`: the apps changed since <ref>, else every reviewable app. */
function reviewRender(flags: Flags): RenderOptions {
  const source = stackFlag({ stack: flags.review }).stack;
  if (flags.stack !== undefined || flags.config !== undefined)
    throw new UsageError("--review names the source apps stack: give no --stack or --config with it");
  const pr = positiveInteger("pr", requiredString(flags, "pr"));
  const slot = typeof flags.slot === "string" ? positiveInteger("slot", flags.slot) : 1;
  const stack = reviewStackName(source, pr);
  const platform = typeof flags.platform === "string" ? flags.platform : undefined;
  const out = typeof flags.out === "string" ? flags.out : `out/${stack}`;
  const chartCache = chartCacheFlag(flags);
  const base = typeof flags.base === "string" ? flags.base : undefined;
  const review = { source, pr, slot, ...(base === undefined ? {} : { base }) };
  return { stack, config: `Pulumi.${source}.yaml`, out, platform, chartCache, review };
}

export const renderCommand = defineCommand<RenderOptions>({
  script: "render",
  summary: "Renders a stack offline under the Pulumi mock engine: manifests, resources, policy verdicts, a diff.",
  options: {
    stack: { type: "string", value: "<name>", description: "the stack to render (required unless --review)" },
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
    "chart-cache": {
      type: "string",
      value: "<dir>",
      default: DEFAULT_CHART_CACHE,
      description: "the chart cache (npm run charts -- pull): charts it holds are expanded with Helm and checked",
    },
    review: {
      type: "string",
      value: "<apps stack>",
      description: "render the review stack a pull request of this apps stack gets (with --pr)",
    },
    pr: { type: "string", value: "<n>", description: "the pull request's number (with --review)" },
    slot: { type: "string", value: "<n>", default: "1", description: "the review slot (with --review)" },
    base: {
      type: "string",
      value: "<git ref>",
      default: "every reviewable app",
      description: "copy only the apps changed since the pull request branched off <git ref> (with --review)",
    },
  },
  examples: [
    "npm run render -- --stack dev",
    "npm run render -- --stack search-staging --platform platform.json",
    "npm run render -- --review shop-staging --pr 42",
    "npm run render -- --review shop-staging --pr 42 --slot 2 --base origin/main",
  ],
  read(flags) {
    if (typeof flags.review === "string") return reviewRender(flags);
    if (flags.pr !== undefined || flags.slot !== undefined || flags.base !== undefined)
      throw new UsageError("--pr, --slot and --base go with --review");
    const { stack, file } = stackFlag(flags);
    const config = typeof flags.config === "string" ? flags.config : (file ?? `Pulumi.${stack}.yaml`);
    const platform = typeof flags.platform === "string" ? flags.platform : undefined;
    const out = typeof flags.out === "string" ? flags.out : `out/${stack}`;
    return { stack, config, out, platform, chartCache: chartCacheFlag(flags) };
  },
});
