/** `npm run dora`: reads history and commit times, computes the four keys, prints a table or JSON. */
import type { OpenStack } from "../release-history/ports";
import { readHistory } from "../release-history/read-history";
import { deploymentsOf, inWindow, windowOf } from "./deployments";
import { doraMetrics } from "./metrics";
import type { DoraSources } from "./ports";
import { formatDora } from "./report";

export interface DoraOptions {
  stack: string;
  /** A file holding `pulumi stack history --json`; the stack's backend is read when absent. */
  historyFile?: string;
  gitDir: string;
  sinceDays: number;
  json: boolean;
}

export async function runDora(options: DoraOptions, sources: DoraSources, log: (line: string) => void): Promise<void> {
  const history = await sources.history();
  const all = deploymentsOf(history);
  const window = windowOf(history, options.sinceDays);
  // Only the commits a lead time needs: successful deployments in the window.
  const commits = new Set(
    all.filter((d) => window && d.succeeded && inWindow(window, d) && d.commit).map((d) => d.commit as string),
  );
  const commitTimes = new Map<string, Date>();
  for (const commit of commits) {
    const time = await sources.commits.committedAt(commit);
    if (time) commitTimes.set(commit, time);
  }
  const metrics = doraMetrics(all, window, commitTimes);
  if (options.json) log(JSON.stringify(metrics, null, 2));
  else for (const line of formatDora(options.stack, window, metrics)) log(line);
}

/** The history of the stack selected in `projectDir`, every page of `Stack.history`, without secrets. */
export const stackHistory = (openStack: OpenStack, projectDir: string) => async () =>
  readHistory(await openStack(projectDir), false);
