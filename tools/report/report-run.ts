/**
 * `npm run report`: reads the stack's offline render and its update history, and writes one
 * self-contained HTML page, <out>/report.html. Everything on the page comes from files that are
 * already redacted (the render) or read without secrets (the history), and all of it is escaped.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { deploymentsOf, inWindow, windowOf } from "../dora/deployments";
import { doraMetrics } from "../dora/metrics";
import type { DoraSources } from "../dora/ports";
import { appReleases } from "./app-releases";
import { appsSection, type AppView } from "./app-section";
import { doraSection } from "./dora-section";
import { page } from "./page";
import { platformImagesSection } from "./platform-images";
import { readRenderDir } from "./render-dir";
import { componentsSection, stackTree } from "./stack-picture";
import { verdictsSection } from "./verdicts-section";
import { weeklyKeys } from "./weekly";

export interface ReportOptions {
  stack: string;
  /** A file holding `pulumi stack history --json`; the stack's backend is read when absent. */
  historyFile?: string;
  /** Where `npm run render` wrote the stack (default out/<stack>). */
  renderDir: string;
  outDir: string;
  /** Also save a screenshot of the page to this PNG file. */
  screenshot?: string;
}

/** The DORA window: the dora tool's default. */
const SINCE_DAYS = 90;

export async function reportHtml(options: ReportOptions, sources: DoraSources): Promise<string> {
  const render = readRenderDir(options.renderDir, options.stack);
  const history = await sources.history();
  const all = deploymentsOf(history);
  const window = windowOf(history, SINCE_DAYS);
  const commitTimes = new Map<string, Date>();
  for (const deployment of all) {
    if (!window || !deployment.succeeded || !deployment.commit || !inWindow(window, deployment)) continue;
    const time = await sources.commits.committedAt(deployment.commit);
    if (time) commitTimes.set(deployment.commit, time);
  }
  const metrics = doraMetrics(all, window, commitTimes);

  const tree = stackTree(render.resources);
  const releases = appReleases(history);
  const apps: AppView[] = [...tree.apps].map(([name, resources]) => ({
    name,
    output: render.apps[name],
    recorded: render.releaseHistory[name] ?? [],
    releases: releases.get(name) ?? [],
    resources,
  }));
  return page({
    stack: options.stack,
    subtitle: `Render in ${render.dir}; ${history.length} updates in the history${window ? `, the newest ending ${window.end.toISOString()}` : ""}. Secret values are never shown.`,
    summary: [
      ["resources", render.resources.length],
      ["apps", apps.length],
      [`deployments in ${SINCE_DAYS} days`, metrics.deployments],
      ["mandatory violations", render.policy.mandatory],
      ["advisory violations", render.policy.advisory],
    ],
    sections: [
      doraSection(window, metrics, weeklyKeys(all, window)),
      verdictsSection(render.policy),
      componentsSection(tree),
      platformImagesSection(render.platformImages),
      appsSection(apps),
    ],
  });
}

/** Writes the page and returns its path. */
export async function runReport(options: ReportOptions, sources: DoraSources): Promise<string> {
  const text = await reportHtml(options, sources);
  mkdirSync(options.outDir, { recursive: true });
  const file = join(options.outDir, "report.html");
  writeFileSync(file, text);
  return file;
}
