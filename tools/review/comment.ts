/**
 * The pull request comment a review run leaves, as Markdown for the workflow to post: every copy's URL,
 * smoke result and acceptance Jobs, how `pulumi up` went, when the stack expires and how to remove it.
 * It is built from names, URLs and outcomes, never from config values or engine output; the one
 * exception, a failed check's last log lines, comes from a copy holding only review placeholders
 * (masked all the same). Its first line marks it, so each push edits the same comment.
 */
import type { AcceptanceResult } from "./acceptance-check";
import type { CheckResult } from "./acceptance-jobs";

/** The hidden first line of a review comment of one source stack (the workflow finds it by this). */
const commentMarker = (source: string) => `<!-- slipway-review ${source} -->`;

export interface CopyReport {
  app: string;
  url?: string;
  /** Undefined when the copy has no URL or no smoke check. */
  acceptance?: AcceptanceResult;
  /** The copy's acceptance Jobs; undefined when `pulumi up` failed. */
  checks?: CheckResult[];
}

export interface UpReport {
  source: string;
  pr: number;
  stack: string;
  slot: number;
  platformStack: string;
  up: "succeeded" | "failed";
  copies: CopyReport[];
  ttlHours: number;
  /** When the run ended: the TTL counts from the last update. */
  now: Date;
}

const cleanup = (source: string, pr: number) => `npm run review -- destroy --source ${source} --pr ${pr}`;

function acceptanceCell(copy: CopyReport, up: UpReport["up"]): string {
  if (up === "failed") return "not run";
  if (copy.acceptance === undefined) return copy.url === undefined ? "not served" : "no smoke check";
  const verdict = copy.acceptance.passed ? "passed" : "**failed**";
  return `${verdict}: ${copy.acceptance.lines.join("; ")}`;
}

function checksCell(copy: CopyReport): string {
  if (copy.checks === undefined) return "not run";
  if (copy.checks.length === 0) return "none declared";
  const failed = copy.checks.filter((check) => !check.passed);
  const passed = copy.checks.filter((check) => check.passed).map((check) => check.check);
  return [
    ...(failed.length > 0
      ? [`**failed**: ${failed.map((check) => `${check.check} (${check.reason})`).join(", ")}`]
      : []),
    ...(passed.length > 0 ? [`passed: ${passed.join(", ")}`] : []),
  ].join("; ");
}

/** A fence inside a log line would close the block early. */
const fenced = (lines: string[]) => ["```text", ...lines.map((line) => line.replaceAll("```", "'''")), "```"];

function failedLogs(copies: CopyReport[]): string[] {
  return copies.flatMap((copy) =>
    (copy.checks ?? [])
      .filter((check) => !check.passed)
      .flatMap((check) => [
        `<details><summary>${copy.app} ${check.check}: the last lines of Job ${check.job}'s log</summary>`,
        "",
        ...fenced(check.log.length > 0 ? check.log : ["(no log: the container did not run)"]),
        "</details>",
        "",
      ]),
  );
}

export function upComment(report: UpReport): string {
  const expires = new Date(report.now.getTime() + report.ttlHours * 3_600_000).toISOString();
  return [
    commentMarker(report.source),
    `### Review apps of \`${report.source}\` for #${report.pr}`,
    "",
    `Stack \`${report.stack}\` (slot ${report.slot} on \`${report.platformStack}\`): \`pulumi up\` **${report.up}**.`,
    "",
    "| app | URL | acceptance | checks |",
    "| --- | --- | --- | --- |",
    ...report.copies.map(
      (copy) => `| ${copy.app} | ${copy.url ?? "—"} | ${acceptanceCell(copy, report.up)} | ${checksCell(copy)} |`,
    ),
    "",
    ...failedLogs(report.copies),
    `Each push updates this stack. It is removed when the pull request closes, or by the scheduled sweep ` +
      `${report.ttlHours} h after its last update (${expires}).`,
    `To remove it now: \`${cleanup(report.source, report.pr)}\`.`,
    "",
  ].join("\n");
}

/** When the pull request changes none of the source's apps: nothing is deployed. */
export function noChangeComment(source: string, pr: number): string {
  return [
    commentMarker(source),
    `### Review apps of \`${source}\` for #${pr}`,
    "",
    `This pull request changes no app of \`${source}\`: nothing was deployed. A review stack an ` +
      `earlier push made stays until the pull request closes (\`${cleanup(source, pr)}\` removes it now).`,
    "",
  ].join("\n");
}

/** When no slot is free: who holds them (stack names only) and what frees one. */
export function noSlotComment(source: string, pr: number, reason: string): string {
  return [
    commentMarker(source),
    `### Review apps of \`${source}\` for #${pr}`,
    "",
    `No review stack: ${reason}.`,
    "",
  ].join("\n");
}
