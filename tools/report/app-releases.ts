/**
 * Each app's releases, from the stack's update history: every update (of kind `update`) that changed
 * the app's image, settings or secret names, with who ran it, when, and how it ended. What changed
 * comes from release-history/changes.ts (names and paths only, never a secret value); the image is
 * shown only when `slipway:apps` is plain config, as `npm run releases` does.
 */
import type { ConfigMap, UpdateSummary } from "@pulumi/pulumi/automation";
import { changeLines, describeChanges } from "../release-history/changes";
import { formatTime, releaseRows } from "../release-history/listing";
import { APPS_KEY, decoded, entry, isPlainObject } from "../release-history/recorded-config";

export interface AppRelease {
  /** The stack update that made it. */
  update: number;
  time: string;
  result: string;
  /** The person (git author) or, without one, what ran the update (CI, CLI). */
  who: string;
  commit?: string;
  message: string;
  /** The image reference the app's config named, when the config is visible. */
  image?: string;
  /** What changed for this app, e.g. `image 1.4.0 → 1.4.1`, `config env.LOG_LEVEL`. */
  changes: string[];
}

/** Per app, newest first. */
export function appReleases(history: UpdateSummary[]): Map<string, AppRelease[]> {
  const updates = history.filter((update) => update.kind === "update").sort((a, b) => a.version - b.version);
  const rows = new Map(releaseRows(updates).map((row) => [row.version, row]));
  const releases = new Map<string, AppRelease[]>();
  let previous: ConfigMap = {};
  for (const update of updates) {
    const config = update.config ?? {};
    const row = rows.get(update.version);
    if (row === undefined) throw new Error(`update v${update.version} has no release row`);
    for (const change of describeChanges(previous, config).apps) {
      const lines = changeLines({ apps: [change], otherKeys: [], hiddenKeys: [] });
      const list = releases.get(change.app) ?? [];
      list.unshift({
        update: update.version,
        time: formatTime(update.endTime ?? update.startTime),
        result: update.result,
        who: row.author ?? row.trigger,
        commit: row.commit,
        message: row.message,
        image: change.status === "removed" ? undefined : imageOf(config, change.app),
        changes: lines.map((line) => line.slice(change.app.length + 2)),
      });
      releases.set(change.app, list);
    }
    previous = config;
  }
  return releases;
}

/** `repository:tag`, `repository@digest` or both, from a plain `slipway:apps`; undefined when secret. */
function imageOf(config: ConfigMap, app: string): string | undefined {
  const value = entry(config, APPS_KEY);
  if (value === undefined || value.secret === true) return undefined;
  const apps = decoded(value);
  const image = isPlainObject(apps) && isPlainObject(apps[app]) ? apps[app].image : undefined;
  if (!isPlainObject(image) || typeof image.repository !== "string") return undefined;
  const tag = typeof image.tag === "string" ? `:${image.tag}` : "";
  const digest = typeof image.digest === "string" ? `@${image.digest}` : "";
  return `${image.repository}${tag}${digest}`;
}
