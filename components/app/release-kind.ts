/**
 * What kind of release an update is for one app, judged against the release history the previous
 * update exported (newest first): the app's first release or a new image is `code`, new env or
 * secrets with the same image is `config`, a release equal to an earlier one still in the history is
 * `rollback` (what `npm run rollback` deploys, and a hand revert too), and the release already running
 * is `unchanged`. Known at construction time, so whether the release command runs is decided before
 * anything is registered, and previews show it.
 *
 * The image is compared by digest when this update knows it (a configured or looked-up digest, a
 * rollback's recorded one), else by version label (a build's `build-<content digest>`, or the tag). A
 * record without either (written before releases ran by digest) never matches: unsure means `code`,
 * which runs the command.
 */
import type { ReleaseKind } from "../../config/release-command";
import type { ReleaseRecord } from "./release-history";

export type ReleaseChange = ReleaseKind | "unchanged";

/** This update's release, as far as it is known before anything is registered. */
export interface ReleaseIdentity {
  configName: string;
  /** Undefined when the app has no secrets. */
  secretName?: string;
  /** `sha256:…`, when this update runs a digest it knows now. */
  digest?: string;
  /** The `app.kubernetes.io/version` label. */
  version?: string;
}

function sameImage(release: ReleaseIdentity, record: ReleaseRecord): boolean {
  if (release.digest && record.image) return record.image.endsWith(`@${release.digest}`);
  return release.version !== undefined && record.image !== undefined && record.version === release.version;
}

function sameRelease(release: ReleaseIdentity, record: ReleaseRecord): boolean {
  return (
    record.config.name === release.configName &&
    record.secret?.name === release.secretName &&
    sameImage(release, record)
  );
}

export function releaseChange(release: ReleaseIdentity, previous: ReleaseRecord[]): ReleaseChange {
  const [running, ...earlier] = previous;
  if (!running) return "code";
  if (sameRelease(release, running)) return "unchanged";
  if (earlier.some((record) => sameRelease(release, record))) return "rollback";
  return sameImage(release, running) ? "config" : "code";
}

/**
 * Whether this update runs the release command: for a release of a kind `on` lists; for the release
 * already running, only if it ran for it (the same Job then stays, finished, and nothing re-runs).
 */
export function runsReleaseCommand(
  on: readonly ReleaseKind[],
  change: ReleaseChange,
  running?: ReleaseRecord,
): boolean {
  return change === "unchanged" ? running?.releaseCommand !== undefined : on.includes(change);
}
