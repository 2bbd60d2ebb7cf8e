/**
 * `npm run promote`: moves exactly the image a verified release of the source stack ran into the
 * target stack's file, as a pull request. Every refusal (no terminal, a stack without the app, a
 * failed or rolled-back release, no recorded digest) comes before anything is written; the commit is
 * made on a new branch from the fetched base, so the user's checkout is never touched.
 */
import { assertCanConfirm, confirm, type AskHabits } from "../release-history/confirm";
import { updateLine } from "../release-history/listing";
import type { OpenStack, Output, Prompt } from "../release-history/ports";
import { readHistory } from "../release-history/read-history";
import { RELEASE_HISTORY_OUTPUT } from "../../stacks/previous-releases";
import type { ReleaseRecord } from "../../components/app/release-history";
import { chooseRelease, PromotionRefusal, type PromotionChoice } from "./choose";
import type { PromotionRepo, PullRequests } from "./ports";
import { appInStackFile, configDiffLines, promoteInStackFile } from "./stack-edit";
import { imageText, trailerLine } from "./trailer";

export interface PromoteOptions {
  from: string;
  to: string;
  app: string;
  /** The source update to promote; the app's newest verified release when absent. */
  release?: number;
  /** The branch the pull request goes into. */
  base: string;
  dryRun: boolean;
  yes: boolean;
}

export interface PromoteDeps {
  projectDir: string;
  /** Selects the source stack (the Automation API in tools/promote.ts). */
  openSource: OpenStack;
  repo: PromotionRepo;
  pulls: PullRequests;
  prompt: Prompt;
  out: Output;
}

export type PromoteOutcome = "opened" | "dry-run" | "unchanged" | "cancelled";

const HABITS: AskHabits = {
  skip: "pass --yes to open the pull request without asking, or --dry-run to only see the change",
  refusal: PromotionRefusal,
};

export async function runPromote(options: PromoteOptions, deps: PromoteDeps): Promise<PromoteOutcome> {
  const { from, to, app } = options;
  const { out } = deps;
  const mustAsk = !options.dryRun && !options.yes;
  if (mustAsk) assertCanConfirm(deps.prompt, HABITS);

  const base = await deps.repo.base(options.base);
  const texts = await Promise.all([base.read(from), base.read(to)]);
  const [sourceText, targetText] = [from, to].map((stack, index) => {
    const text = texts[index];
    if (text === undefined) throw new PromotionRefusal(`stack ${stack} has no Pulumi.${stack}.yaml on ${options.base}`);
    return text;
  });
  const source = appInStackFile(sourceText, from, app);
  const target = appInStackFile(targetText, to, app);

  const stack = await deps.openSource(deps.projectDir);
  const history = await readHistory(stack, false);
  const recorded = ((await stack.outputs())[RELEASE_HISTORY_OUTPUT]?.value ?? {}) as Record<string, ReleaseRecord[]>;
  const choice = chooseRelease(from, app, history, recorded, options.release);
  const promoted = promoteInStackFile(targetText, app, choice.image);

  printPlan(out, options, choice);
  const differences = configDiffLines(
    { stack: from, config: choice.appConfig, secretNames: source.secretNames },
    { stack: to, ...target },
  );
  out.log(
    differences.length > 0
      ? `What stays different for ${app} (not promoted; secret values never shown):`
      : `${app}'s other config and secret names are the same in ${from} and ${to}.`,
  );
  for (const line of differences) out.log(`  ${line}`);
  if (promoted === undefined) {
    out.log(`Pulumi.${to}.yaml on ${options.base} already runs ${imageText(choice.image)}: nothing to promote.`);
    return "unchanged";
  }
  out.log(`Pulumi.${to}.yaml:`);
  for (const line of lineDiff(targetText, promoted)) out.log(`  ${line}`);
  if (options.dryRun) {
    out.log("Dry run: nothing was committed, pushed or opened.");
    return "dry-run";
  }
  const question = `Open a pull request promoting ${app} v${choice.update.version} from ${from} to ${to}? Type yes to continue: `;
  if (mustAsk && !(await confirm(deps.prompt, question, HABITS))) {
    out.log("Promotion cancelled: nothing was changed.");
    return "cancelled";
  }
  const branch = `promote/${app}-${from}-v${choice.update.version}-to-${to}`;
  const { title, message } = commitMessage(options, choice);
  await deps.repo.commitStackFile({ parent: base.commit, stack: to, text: promoted, message, branch });
  await deps.repo.push(branch);
  const url = await deps.pulls.open({
    base: options.base,
    head: branch,
    title,
    body: message.split("\n").slice(2).join("\n"),
  });
  out.log(`Opened ${url} (branch ${branch}): its preview shows what ${to} will change; merging deploys it.`);
  return "opened";
}

function printPlan(out: Output, options: PromoteOptions, choice: PromotionChoice): void {
  out.log(
    `Promote ${options.app} from ${options.from} to ${options.to}: release v${choice.update.version}, verified ${choice.verifiedAt}`,
  );
  out.log(`  release ${updateLine(choice.update)}`);
  out.log(`  image   ${imageText(choice.image)}`);
}

function commitMessage(options: PromoteOptions, choice: PromotionChoice): { title: string; message: string } {
  const { app, from, to } = options;
  const release = choice.update.version;
  const title = `Promote ${app} release v${release} from ${from} to ${to}`;
  const trailer = trailerLine({ app, from, to, release, verified: choice.verifiedAt, image: imageText(choice.image) });
  const body = [
    `Sets ${app}'s image in Pulumi.${to}.yaml to ${imageText(choice.image)}: exactly what release v${release}`,
    `of stack ${from} ran, recorded as succeeded at ${choice.verifiedAt}. Written by npm run promote.`,
  ];
  return { title, message: [title, "", ...body, "", trailer, ""].join("\n") };
}

/** The changed lines, `-` before `+`, with their line numbers in the old file (the edit keeps the rest). */
function lineDiff(before: string, after: string): string[] {
  const [a, b] = [before.split("\n"), after.split("\n")];
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) [endA, endB] = [endA - 1, endB - 1];
  return [
    `@@ line ${start + 1}`,
    ...a.slice(start, endA).map((line) => `-${line}`),
    ...b.slice(start, endB).map((line) => `+${line}`),
  ];
}
