/**
 * Which release of an app `npm run promote` moves, and the exact image it ran. A release is an update
 * of the source stack (`v14` in `npm run releases`); only one that succeeded (its rollouts verified:
 * `pulumi up` waits for them and fails on an aborted one) and was not rolled back afterwards is
 * promoted, by the digest the stack's release history recorded for it, never by re-resolving a tag.
 */
import type { UpdateSummary } from "@pulumi/pulumi/automation";
import type { ReleaseRecord } from "../../components/app/release-history";
import { versionLabel } from "../../config/labels";
import { newestFirst } from "../release-history/listing";
import { APPS_KEY, decoded, entry, isHidden, isPlainObject } from "../release-history/recorded-config";

/** A promotion that must not happen, with the reason a user can act on. Nothing has been changed. */
export class PromotionRefusal extends Error {
  override name = "PromotionRefusal";
}

export interface PromotedImage {
  repository: string;
  /** The source's tag, kept as the readable version (the target's `app.kubernetes.io/version`). */
  tag?: string;
  digest: string;
}

export interface PromotionChoice {
  update: UpdateSummary;
  /** The app's config at that release, as the source stack recorded it. */
  appConfig: Record<string, unknown>;
  image: PromotedImage;
  /** When the release was verified: the end of its update, as an ISO time. */
  verifiedAt: string;
}

/** The message `npm run rollback` gives its update (tools/release-history/rollback-run.ts). */
const ROLLBACK_MESSAGE = /^rollback to v(\d+)\b/;

/** The version of the rollback that undid `update`, if one did: a later rollback to an earlier release. */
function rolledBackBy(update: UpdateSummary, history: UpdateSummary[]): UpdateSummary | undefined {
  return history.find((later) => {
    const match = ROLLBACK_MESSAGE.exec(later.message ?? "");
    return later.version > update.version && match !== null && Number(match[1]) < update.version;
  });
}

function appAt(update: UpdateSummary, app: string, from: string): Record<string, unknown> | undefined {
  const value = entry(update.config ?? {}, APPS_KEY);
  if (isHidden(value) || value?.secret === true) {
    throw new PromotionRefusal(
      `stack ${from} keeps ${APPS_KEY} as a secret: its images cannot be read from history without its values`,
    );
  }
  const apps = value === undefined ? undefined : decoded(value);
  const config = isPlainObject(apps) ? apps[app] : undefined;
  return isPlainObject(config) ? config : undefined;
}

export function chooseRelease(
  from: string,
  app: string,
  history: UpdateSummary[],
  recorded: Record<string, ReleaseRecord[]>,
  requested?: number,
): PromotionChoice {
  const updates = newestFirst(history).filter((u) => u.kind === "update");
  const listing = `see \`npm run releases -- --stack ${from}\``;
  let update: UpdateSummary | undefined;
  if (requested === undefined) {
    update = updates.find(
      (u) => u.result === "succeeded" && !rolledBackBy(u, updates) && appAt(u, app, from) !== undefined,
    );
    if (!update) throw new PromotionRefusal(`stack ${from} has no succeeded release of ${app} to promote; ${listing}`);
  } else {
    update = updates.find((u) => u.version === requested);
    if (!update) throw new PromotionRefusal(`v${requested} is no update of stack ${from}; ${listing}`);
    if (update.result === "failed")
      throw new PromotionRefusal(
        `v${requested} of stack ${from} failed (a failed or aborted rollout fails its update): only a verified release is promoted; ${listing}`,
      );
    if (update.result !== "succeeded")
      throw new PromotionRefusal(
        `v${requested} of stack ${from} did not complete (${update.result}): only a verified release is promoted; ${listing}`,
      );
    const undone = rolledBackBy(update, updates);
    if (undone)
      throw new PromotionRefusal(
        `v${requested} of stack ${from} was rolled back by v${undone.version} (${undone.message}): promote a release that stayed; ${listing}`,
      );
  }
  const appConfig = appAt(update, app, from);
  if (!appConfig) throw new PromotionRefusal(`stack ${from} had no app ${app} at v${update.version}; ${listing}`);
  return {
    update,
    appConfig,
    image: recordedImage(from, app, update, appConfig, recorded[app] ?? []),
    verifiedAt: new Date(update.endTime ?? update.startTime).toISOString(),
  };
}

/** The image by digest: from the release's config when it named one, else from the release history. */
function recordedImage(
  from: string,
  app: string,
  update: UpdateSummary,
  config: Record<string, unknown>,
  records: ReleaseRecord[],
): PromotedImage {
  const image = isPlainObject(config.image) ? config.image : {};
  const where = `${app} at v${update.version} of stack ${from}`;
  if (config.build !== undefined || typeof image.repository !== "string") {
    throw new PromotionRefusal(
      `${where} runs an image from stack ${from}'s own registry (${config.build !== undefined ? "build:" : "no image.repository"}): ` +
        "another stack cannot pull it; give the app an image.repository both stacks pull from (docs/releases.md#promotion)",
    );
  }
  const repository = image.repository;
  const tag = typeof image.tag === "string" ? image.tag : undefined;
  if (typeof image.digest === "string") return { repository, tag, digest: image.digest };
  const version = tag === undefined ? undefined : versionLabel({ tag });
  const record = records.find(
    (r): r is ReleaseRecord & { image: string } =>
      r.version === version && r.image?.startsWith(`${repository}@`) === true,
  );
  if (!record || tag === undefined) {
    throw new PromotionRefusal(
      `stack ${from}'s release history records no digest for ${where} (${repository}:${tag ?? "no tag"}): ` +
        "it keeps the last releaseHistory releases of each app; promote a newer release",
    );
  }
  return { repository, tag, digest: record.image.split("@")[1] };
}
