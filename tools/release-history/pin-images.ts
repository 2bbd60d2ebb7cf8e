/**
 * A rollback deploys the images its target release ran, by the digests the release history recorded,
 * not by re-resolving tags (they may have moved) or rebuilding (`build:` apps). Each app's recorded
 * release is found by its version label: the tag, or `build-<content digest>` of the target commit's
 * source. The app's config then becomes `image: { repository, tag: <version>, digest }`, which the
 * program runs as is: no lookup, no ImageBuild (the image is already in the registry, whose tags are
 * immutable: ECR keeps `build-<digest>` as pushed).
 */
import type { ConfigMap } from "@pulumi/pulumi/automation";
import type { ReleaseRecord } from "../../components/app/release-history";
import { versionLabel } from "../../config/labels";
import { APPS_KEY, decoded, entry, isPlainObject } from "./recorded-config";

/** The version label a build would get: `build-<content digest>`, computed from the checked-out source. */
export type BuildVersion = (build: unknown) => string;

export interface PinnedImages {
  config: ConfigMap;
  /** `app: image` lines for the report. */
  pinned: string[];
  /** Apps with no recorded digest for their version: they resolve or build as configured. */
  unpinned: string[];
}

function versionOf(app: Record<string, unknown>, buildVersion: BuildVersion): string | undefined {
  if (app.build !== undefined) return buildVersion(app.build);
  const image = app.image;
  if (!isPlainObject(image) || typeof image.tag !== "string" || image.digest !== undefined) return undefined;
  return versionLabel({ tag: image.tag });
}

export function pinRecordedImages(
  restored: ConfigMap,
  history: Record<string, ReleaseRecord[]>,
  buildVersion: BuildVersion,
): PinnedImages {
  const value = entry(restored, APPS_KEY);
  const apps = value && decoded(value);
  if (!value || !isPlainObject(apps)) return { config: restored, pinned: [], unpinned: [] };
  const pinned: string[] = [];
  const unpinned: string[] = [];
  const result: Record<string, unknown> = {};
  for (const [name, app] of Object.entries(apps)) {
    result[name] = app;
    const version = isPlainObject(app) ? versionOf(app, buildVersion) : undefined;
    if (!isPlainObject(app) || version === undefined) continue;
    const records = Object.hasOwn(history, name) ? history[name] : [];
    const record = records.find((r): r is ReleaseRecord & { image: string } => r.version === version && !!r.image);
    if (!record) {
      unpinned.push(name);
      continue;
    }
    const [repository, digest] = record.image.split("@");
    const rest = { ...app };
    delete rest.build;
    result[name] = { ...rest, image: { repository, tag: version, digest } };
    pinned.push(`${name}: ${record.image}`);
  }
  if (pinned.length === 0) return { config: restored, pinned, unpinned };
  return { config: { ...restored, [APPS_KEY]: { ...value, value: JSON.stringify(result) } }, pinned, unpinned };
}
