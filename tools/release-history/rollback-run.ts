/**
 * `npm run rollback`: re-applies an earlier successful update's config and program as a NEW update.
 * Order matters: every refusal (no terminal, bad target, missing commit, undecryptable secrets) comes
 * before anything is changed; the Automation API calls follow in the order a person would run them.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ConfigMap, UpdateSummary } from "@pulumi/pulumi/automation";
import { changeLines, describeChanges } from "./changes";
import { assertCanConfirm, confirm } from "./confirm";
import { updateLine } from "./listing";
import { policyPackOptions, type PolicyChoice } from "./policy-pack";
import type { CheckoutPort, OpenStack, Output, Prompt, StackPort } from "./ports";
import { readHistory } from "./read-history";
import { pinRecordedImages } from "./pin-images";
import { buildDigest } from "../../stacks/build-context";
import { RELEASE_HISTORY_OUTPUT } from "../../stacks/previous-releases";
import type { BuildConfig } from "../../config/types";
import type { ReleaseRecord } from "../../components/app/release-history";
import { restoredConfig } from "./restore";
import { applyPlainEdits, programInstructions, revertInstructions } from "./revert-apply";
import { checkoutConfig, configPath, revertPlan, secretLeaf, type RevertPlan } from "./revert-plan";
import { chooseTarget, RollbackRefusal } from "./target";
import { inWorkdir } from "./workdir";
import { describeWorkdir, planWorkdir, recordedCommit, refuseWithoutCommit } from "./workdir-plan";

export interface RollbackOptions {
  stack: string;
  to?: number;
  preview: boolean;
  yes: boolean;
  writeConfig: boolean;
  policy?: PolicyChoice;
}

export interface RollbackDeps {
  openStack: OpenStack;
  checkout: CheckoutPort;
  prompt: Prompt;
  out: Output;
}

export type RollbackOutcome = "rolled-back" | "previewed" | "cancelled";

export async function runRollback(options: RollbackOptions, deps: RollbackDeps): Promise<RollbackOutcome> {
  const { stack } = options;
  const { checkout, out } = deps;
  const mustAsk = !options.preview && !options.yes;
  if (mustAsk) assertCanConfirm(deps.prompt);
  const policy = policyPackOptions(stack, checkout.projectDir, options.policy ?? {});

  const home = await deps.openStack(checkout.projectDir);
  const { current, target } = chooseTarget(stack, await readHistory(home, false), options.to);
  const commit = refuseWithoutCommit(target);
  const plan = planWorkdir(target, {
    head: await checkout.head(),
    hasLocalChanges: await checkout.hasLocalChanges(),
    hasCommit: await checkout.hasCommit(commit),
    dependenciesMatch: await checkout.dependenciesMatch(commit),
  });

  const withSecrets = await readHistory(home, true, (u) => u.version === target.version);
  const secretTarget = withSecrets.find((u) => u.version === target.version);
  if (!secretTarget)
    throw new RollbackRefusal(`v${target.version} was not returned when history was read with secrets; retry`);
  const restored = restoredConfig(secretTarget, stack);
  const stackFileName = `Pulumi.${stack}.yaml`;
  const stackFilePath = join(checkout.projectDir, stackFileName);
  const checkoutStackFile = existsSync(stackFilePath) ? readFileSync(stackFilePath, "utf8") : undefined;
  const revert = revertPlan(checkoutConfig(checkoutStackFile, await home.getAllConfig()), restored);

  const secretCurrent = withSecrets.find((u) => u.version === current.version) ?? current;
  printPlan(out, stack, secretCurrent, secretTarget, restored);
  out.log(describeWorkdir(plan));
  for (const warning of plan.warnings) out.log(`warning: ${warning}`);

  const recorded = ((await home.outputs())[RELEASE_HISTORY_OUTPUT]?.value ?? {}) as Record<string, ReleaseRecord[]>;
  const message = `rollback to v${target.version} (commit ${commit.slice(0, 7)})`;
  const outcome = await inWorkdir(plan, checkout, stackFileName, checkoutStackFile, async (workDir) => {
    const there = await deps.openStack(workDir);
    const pins = pinRecordedImages(restored, recorded, (build) => buildVersion(workDir, build as BuildConfig));
    for (const line of pins.pinned) out.log(`Runs the recorded digest of ${line}`);
    if (pins.unpinned.length > 0)
      out.log(`No recorded digest (resolved or built as configured): ${pins.unpinned.join(", ")}`);
    await there.setAllConfig(pins.config);
    if (options.preview || mustAsk) await there.preview({ diff: true, message, onOutput: out.stream, ...policy });
    if (options.preview) return "previewed";
    if (
      mustAsk &&
      !(await confirm(deps.prompt, `Roll back stack ${stack} to v${target.version}? Type yes to continue: `))
    )
      return "cancelled";
    await there.up({ message, onOutput: out.stream, ...policy });
    return "rolled-back";
  });

  if (outcome === "cancelled") {
    out.log("Rollback cancelled: nothing was changed.");
    return outcome;
  }
  out.log(
    outcome === "previewed"
      ? "Preview only: nothing was changed."
      : `Rolled back stack ${stack} to v${target.version}: ${message}.`,
  );
  const instructions = revertInstructions(revert, { stack, stackFile: stackFileName, targetVersion: target.version });
  const toRevert = revert.plain.length + revert.secrets.length > 0;
  if (outcome === "rolled-back" && options.writeConfig && toRevert) {
    try {
      await writeRevert(home, stackFilePath, revert, restored);
    } catch (error) {
      for (const line of instructions) out.log(line);
      throw new Error(
        `rolled back to v${target.version}, but writing ${stackFileName} failed (revert it by hand as listed): ${(error as Error).message}`,
        { cause: error },
      );
    }
    out.log(`Wrote v${target.version}'s config to ${stackFileName}: review it (git diff) and commit it.`);
  } else {
    if (outcome === "previewed") out.log("After a rollback:");
    for (const line of instructions) out.log(line);
    if (toRevert) {
      const rerun = `npm run rollback -- --stack ${stack} --to v${target.version} --write-config`;
      out.log(
        outcome === "previewed"
          ? "(--write-config writes them into the stack file.)"
          : `(\`${rerun}\` writes them for you; it re-applies v${target.version}, a no-op now.)`,
      );
    }
  }
  for (const line of programInstructions(
    { version: current.version, commit: recordedCommit(current) },
    { version: target.version, commit },
  ))
    out.log(line);
  return outcome;
}

/** The version label the program gives the build of the target commit's source (components/app/image.ts). */
function buildVersion(projectDir: string, build: BuildConfig): string {
  const result = buildDigest(projectDir, build);
  return "digest" in result ? `build-${result.digest}` : "";
}

function printPlan(
  out: Output,
  stack: string,
  current: UpdateSummary,
  target: UpdateSummary,
  restored: ConfigMap,
): void {
  out.log(
    `Roll back stack ${stack} from v${current.version} to v${target.version}, as a new update (history only moves forward):`,
  );
  out.log(`  current ${updateLine(current)}`);
  out.log(`  target  ${updateLine(target)}`);
  const changes = describeChanges(current.config ?? {}, restored);
  const lines = changeLines(changes);
  out.log(
    lines.length > 0
      ? "Config changes (secret values never shown):"
      : "Config: no change (only the program differs, if anything).",
  );
  for (const line of lines) out.log(`  ${line}`);
  if (changes.hiddenKeys.length > 0) out.log(`  not compared (values withheld): ${changes.hiddenKeys.join(", ")}`);
}

/** Secrets first, through the CLI (it encrypts them); then plain edits, read after the CLI's write. */
async function writeRevert(
  home: StackPort,
  stackFilePath: string,
  revert: RevertPlan,
  restored: ConfigMap,
): Promise<void> {
  const toSet: ConfigMap = {};
  for (const edit of revert.secrets.filter((e) => e.kind === "set")) {
    toSet[configPath(edit.key, edit.path)] = { value: secretLeaf(restored, edit), secret: true };
  }
  if (Object.keys(toSet).length > 0) await home.setAllConfig(toSet, true);
  const toRemove = revert.secrets.filter((e) => e.kind === "delete").map((e) => configPath(e.key, e.path));
  if (toRemove.length > 0) await home.removeAllConfig(toRemove, true);
  if (revert.plain.length === 0) return;
  const text = existsSync(stackFilePath) ? readFileSync(stackFilePath, "utf8") : "";
  writeFileSync(stackFilePath, applyPlainEdits(text, revert.plain));
}
