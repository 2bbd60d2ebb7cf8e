/**
 * `npm run render -- --stack <name> [--config <file>] [--out <dir>] [--platform <dir or file>]
 * [--chart-cache <dir>]`: the offline render; `--review <apps stack> --pr <n> [--slot <n>] [--base <ref>]`
 * renders that pull request's review stack instead (of the apps changed since <ref>, else of every
 * reviewable app). Runs the real program under the mock engine with a stack file's config and writes
 * out/<stack>/. An apps stack (`slipway:layer: apps`) renders against its platform stack's outputs:
 * `--platform`, else the platform's own render in out/<platform stack>/ (render that first).
 * Exit codes: 0 rendered; 2 invalid config (nothing written); 1 any other failure, including a schema
 * problem or a mandatory policy violation (the render is still written, so it can be inspected).
 */
import { existsSync, readFileSync } from "node:fs";
import { ChartCache } from "./charts/cache";
import { describeExpansions, expandCharts, failing, type ChartExpansion } from "./charts/expand";
import { realHelmTemplate } from "./charts/helm";
import { ConfigError } from "../config/errors";
import { platformStackName } from "../config/layers";
import { noSuchStackFile } from "./ci/stacks";
import { runCommand } from "./cli";
import { renderCommand, type RenderOptions } from "./render-command";
import { manifestFiles, previousRecords, resourceRecords, summary, writeRender } from "./harness/render-files";
import { mandatory } from "./harness/policy-eval";
import { describeInventedReferences } from "./harness/mock-digests";
import { describePreview, previewDiff } from "./harness/preview-diff";
import { releaseSummary } from "./harness/release-summary";
import { UPSTREAM_CRDS } from "./harness/crd/bundles";
import { describeCrdChecks } from "./harness/crd/validate";
import { previousOutputs } from "./harness/previous-outputs";
import { defaultPlatformOutputs, platformOutputsFile, platformStackOf, withPlatform } from "./harness/platform-outputs";
import type { StackInput } from "./harness/run-program";
import { describeVerdicts, policyReport } from "./harness/policy-report";
import { stackPackConfig } from "./harness/policy-config";
import { renderStack, type RenderResult } from "./harness/render-stack";
import { graphMarkdown } from "./harness/stack-graph";
import { readStackFile, slipwayConfig, StackFileError } from "./harness/stack-file";
import { describeUnseen, unseenByRender } from "./harness/unseen";
import { changedApps, pullRequestChanges } from "./review/changed-apps";
import { reviewStackInput, reviewStackOf } from "./review/review-input";
import type { ReviewStack } from "../config/review-stack";

/** The review stack a pull request gets: of the apps it changes since `--base`, else of every reviewable app. */
function reviewStack(config: string, review: NonNullable<RenderOptions["review"]>): ReviewStack {
  const { base, ...rest } = review;
  const changed =
    base === undefined
      ? "all"
      : changedApps(rest.source, readFileSync(config, "utf8"), pullRequestChanges(".", base, rest.source));
  const derived = reviewStackOf({ ...rest, changed });
  const copies = derived.copies.map(
    ({ app, copy, url }) => `  ${app} as ${copy}${url === undefined ? "" : ` at ${url}`}`,
  );
  const since = base === undefined ? "every reviewable app" : `the apps changed since ${base} and what they call`;
  console.log([`Review stack ${derived.stack} (${since}):`, ...(copies.length > 0 ? copies : ["  no app"])].join("\n"));
  return derived;
}

/** The stack file's input (or the review stack's derived from it); an apps stack's with its platform's outputs. */
function stackInput({ stack, config, platform, review }: RenderOptions): StackInput {
  if (!existsSync(config)) throw new StackFileError(noSuchStackFile(config));
  const input = review ? reviewStackInput(reviewStack(config, review)) : readStackFile(config, stack);
  const platformStack = platformStackOf(input);
  if (platformStack === undefined) return input;
  const path = platform ?? defaultPlatformOutputs(platformStack);
  if (!existsSync(path)) {
    throw new StackFileError(
      `${stack} is an apps stack on platform stack ${platformStack}, whose outputs are not at ${path}: render it first (npm run render -- --stack ${platformStackName(platformStack)}) or give --platform <render dir or outputs file>`,
    );
  }
  return withPlatform(input, platformOutputsFile(path));
}

/** The chart installs expanded with Helm where the cache holds their package (tools/charts/expand.ts). */
function expandInstalls(input: StackInput, result: RenderResult, chartCache: string): Promise<ChartExpansion[]> {
  const raw = slipwayConfig(input.config, `stack ${input.stack}`);
  const cluster = raw.cluster as { version?: unknown } | undefined;
  return expandCharts(result.resources, {
    cache: new ChartCache(chartCache),
    helm: realHelmTemplate(),
    kubeVersion: typeof cluster?.version === "string" ? cluster.version : undefined,
    environment: result.environment,
    packConfig: stackPackConfig(input.stack, raw).config,
  });
}

async function render(options: RenderOptions): Promise<number> {
  const { stack, out: outDir, chartCache } = options;
  let result;
  let input;
  try {
    input = stackInput(options);
    // The previous render, if --out holds one, stands in for the stack's last update.
    result = await renderStack({ ...input, previousOutputs: previousOutputs(outDir) });
  } catch (error) {
    if (error instanceof ConfigError || error instanceof StackFileError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }

  const previous = previousRecords(outDir);
  const records = resourceRecords(result, previous);
  const files = manifestFiles(result);
  const expansions = await expandInstalls(input, result, chartCache);
  const unseen = unseenByRender(result.resources, result.objects, expansions);
  const steps = previous && previewDiff(previous, records);
  if (steps) files.set("diff.json", `${JSON.stringify(steps, null, 2)}\n`);
  files.set("resources.json", `${JSON.stringify(records, null, 2)}\n`);
  files.set("outputs.json", `${JSON.stringify(result.outputs, null, 2)}\n`);
  files.set("policy.json", policyReport(stack, result.environment, result.verdicts, unseen, result.policyConfig));
  files.set("graph.md", graphMarkdown(stack, result.resources));
  writeRender(outDir, files);

  console.log(summary(result));
  console.log(describeUnseen(unseen));
  const invented = describeInventedReferences(records.map((r) => r.inputs));
  if (invented) console.log(invented);
  if (steps) console.log(describePreview(steps));
  if (steps && !existsSync(UPSTREAM_CRDS))
    console.log(`Lists in custom resources compared by position: no pinned CRDs at ${UPSTREAM_CRDS}`);
  const released = steps ? releaseSummary(steps, previous, records) : [];
  if (released.length > 0) console.log(["Config changes by name:", ...released.map((line) => `  ${line}`)].join("\n"));
  console.log(`Written to ${outDir}/`);
  for (const { urn, object, problems } of result.schemaProblems) {
    console.error(`schema: ${object} (${urn})\n${problems.map((p) => `    ${p}`).join("\n")}`);
  }
  console.log(describeCrdChecks());
  console.log(describeVerdicts(result.verdicts));
  for (const line of describeExpansions(expansions)) console.log(line);
  const failed = result.schemaProblems.length > 0 || mandatory(result.verdicts).length > 0 || failing(expansions);
  return failed ? 1 : 0;
}

runCommand(renderCommand, render);
