/**
 * Reads a stack's whole history through `Stack.history(pageSize, page, showSecrets)`. The CLI pages
 * results (10 per page by default), so this walks pages until one comes back short, or until `until`
 * matches an update (a rollback needs the secrets of one update, not of all of them).
 */
import type { UpdateSummary } from "@pulumi/pulumi/automation";
import { newestFirst } from "./listing";
import type { HistorySource } from "./ports";

export const PAGE_SIZE = 100;

export async function readHistory(
  stack: HistorySource,
  showSecrets: boolean,
  until?: (update: UpdateSummary) => boolean,
): Promise<UpdateSummary[]> {
  const byVersion = new Map<number, UpdateSummary>();
  for (let page = 1; ; page++) {
    const batch = await stack.history(PAGE_SIZE, page, showSecrets);
    const fresh = batch.filter((update) => !byVersion.has(update.version));
    for (const update of fresh) byVersion.set(update.version, update);
    // A backend that ignored paging would repeat itself: stop when a page brings nothing new.
    if (batch.length < PAGE_SIZE || fresh.length === 0 || (until && fresh.some(until))) break;
  }
  return newestFirst([...byVersion.values()]);
}
