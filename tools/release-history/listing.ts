/**
 * The `npm run releases` listing: every update of a stack, newest first, with what changed in each
 * update's config compared with the previous update. Built from history read WITHOUT secrets; even
 * when values are present, only names and image references are ever printed.
 */
import type { UpdateSummary } from "@pulumi/pulumi/automation";
import { changeLines, describeChanges, type ConfigChanges } from "./changes";

export interface ReleaseRow {
  version: number;
  time: string;
  kind: string;
  result: string;
  trigger: string;
  author?: string;
  commit?: string;
  message: string;
  /** For updates only: undefined when there is no earlier update to compare with. */
  changes?: ConfigChanges;
}

/** Newest first, as the Automation API returns history. */
export function newestFirst(history: UpdateSummary[]): UpdateSummary[] {
  return [...history].sort((a, b) => b.version - a.version);
}

export function releaseRows(history: UpdateSummary[]): ReleaseRow[] {
  const sorted = newestFirst(history);
  return sorted.map((update, i) => {
    const previous = sorted.slice(i + 1).find((older) => older.kind === "update");
    const env = update.environment ?? {};
    return {
      version: update.version,
      time: formatTime(update.startTime),
      kind: update.kind,
      result: update.result,
      trigger: triggerOf(env),
      author: env["git.author"],
      commit: commitOf(update),
      message: firstLine(update.message),
      changes:
        update.kind === "update" && previous ? describeChanges(previous.config ?? {}, update.config ?? {}) : undefined,
    };
  });
}

/** Who or what ran the update: the CI build if detected, else how the CLI was driven. */
function triggerOf(env: Record<string, string>): string {
  const ci = env["ci.system"];
  if (ci) {
    const build = env["ci.build.number"] ?? env["ci.build.id"];
    const pr = env["ci.pr.number"];
    return [ci, env["ci.build.type"], build && `#${build}`, pr && `PR #${pr}`].filter(Boolean).join(" ");
  }
  const kind = env["exec.kind"];
  return kind?.startsWith("auto.") ? `automation api (${kind})` : (kind ?? "cli");
}

/** The short commit, marked when the checkout had uncommitted changes. */
function commitOf(update: UpdateSummary): string | undefined {
  const head = update.environment?.["git.head"];
  if (!head) return undefined;
  return `${head.slice(0, 7)}${update.environment["git.dirty"] === "true" ? "+dirty" : ""}`;
}

export function formatTime(time: Date | string | undefined): string {
  const date = time === undefined ? undefined : new Date(time);
  return date && !Number.isNaN(date.getTime()) ? `${date.toISOString().slice(0, 16).replace("T", " ")}Z` : "?";
}

function firstLine(message: string | undefined): string {
  const line = (message ?? "").split("\n")[0].trim();
  return line.length > 72 ? `${line.slice(0, 71)}…` : line;
}

export function formatReleases(stack: string, rows: ReleaseRow[]): string[] {
  if (rows.length === 0) return [`Stack ${stack} has no updates yet.`];
  const hidden = [...new Set(rows.flatMap((row) => row.changes?.hiddenKeys ?? []))].sort();
  const lines = [`Releases of stack ${stack}, newest first. Secret values are never shown.`];
  if (hidden.length > 0) lines.push(`Not compared (secret, history is read without values): ${hidden.join(", ")}`);
  for (const row of rows) {
    lines.push(rowLine(row));
    if (row.kind !== "update") continue;
    const details = row.changes ? changeLines(row.changes) : ["first update in the history"];
    for (const detail of details.length > 0 ? details : ["no visible config change"]) lines.push(`      ${detail}`);
  }
  return lines;
}

function rowLine(row: ReleaseRow): string {
  const pad = (text: string, width: number) => text.padEnd(width);
  const who = row.author ? `${row.trigger} · ${row.author}` : row.trigger;
  const columns = [
    pad(`v${row.version}`, 5),
    pad(row.time, 17),
    pad(row.kind, 8),
    pad(row.result, 11),
    pad(who, 36),
    pad(row.commit ?? "no commit", 13),
  ];
  return [...columns, row.message].join(" ").trimEnd();
}

/** One update on one line, as in the listing. */
export function updateLine(update: UpdateSummary): string {
  return rowLine(releaseRows([update])[0]);
}
