/**
 * Reads a file holding what `pulumi stack history --json` prints. The CLI writes camelCase keys
 * (version, kind, startTime, message, environment, config, result, endTime, resourceChanges) and
 * RFC 5424 times like "2025-03-11T16:06:41.000Z": `updateInfoJSON` and `cmd.FormatTime` in
 * pulumi/pulumi v3.248.0, pkg/cmd/pulumi/stack/stack_history.go and pkg/cmd/pulumi/cmd/time.go.
 * `Stack.history()` parses that same JSON, turning the two times into Dates; this does the same, so
 * both sources give the same UpdateSummary[]. An in-progress update has no endTime nor resourceChanges.
 */
import { readFileSync } from "node:fs";
import type { UpdateSummary } from "@pulumi/pulumi/automation";

class HistoryFileError extends Error {
  override name = "HistoryFileError";
}

export function readHistoryFile(path: string): UpdateSummary[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new HistoryFileError(`${path}: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed)) {
    throw new HistoryFileError(`${path}: expected the JSON array that \`pulumi stack history --json\` prints`);
  }
  return parsed.map((entry: unknown, i) => toSummary(entry, `${path}: entry ${i}`));
}

function toSummary(entry: unknown, where: string): UpdateSummary {
  const update = entry as Record<string, unknown>;
  if (typeof entry !== "object" || entry === null || typeof update.version !== "number") {
    throw new HistoryFileError(`${where}: not an update (no numeric "version")`);
  }
  for (const key of ["kind", "result", "startTime"]) {
    if (typeof update[key] !== "string") throw new HistoryFileError(`${where}: "${key}" is missing`);
  }
  const time = (key: string) => {
    const date = new Date(update[key] as string);
    if (Number.isNaN(date.getTime())) throw new HistoryFileError(`${where}: "${key}" is not a time`);
    return date;
  };
  return {
    ...(update as unknown as UpdateSummary),
    environment: (update.environment as Record<string, string> | undefined) ?? {},
    startTime: time("startTime"),
    ...(typeof update.endTime === "string" ? { endTime: time("endTime") } : {}),
  };
}
