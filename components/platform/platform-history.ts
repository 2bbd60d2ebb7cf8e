/**
 * The platform's release history: the images its services ran (image-resolution.ts platformImages, by
 * service and image name, `image:tag@digest`), newest first, one entry per set of images, carried in
 * the stack's own outputs as the apps' release history is (components/app/release-history.ts). An
 * update that runs the same images as the previous one adds nothing; one that runs another image (a
 * chart bump, a tag the registry moved, a service turned on or off) adds an entry. `npm run releases`
 * shows it (tools/release-history/platform-images.ts).
 *
 * A rollback cannot pin these back: no config key takes a platform image's digest (the guard-rails keep
 * `values` off the image keys), so the history says what ran, and a rollback's preview shows what will.
 */

/** Every image the platform ran, by service key and image name. */
export type PlatformImages = Record<string, Record<string, string>>;

export interface PlatformRelease {
  images: PlatformImages;
}

/** Entries kept: the images running now and the nine sets before them. */
const PLATFORM_HISTORY_KEEP = 10;

/** A stable text of a set of images: services and names sorted, so key order never counts as a change. */
function canonical(images: PlatformImages): string {
  return JSON.stringify(
    Object.keys(images)
      .sort()
      .map((service) => [service, Object.entries(images[service]).sort(([a], [b]) => a.localeCompare(b))]),
  );
}

/** The history after an update that runs `images`, from the one the previous update exported. */
export function nextPlatformHistory(previous: PlatformRelease[], images: PlatformImages): PlatformRelease[] {
  if (previous.length > 0 && canonical(previous[0].images) === canonical(images)) return previous;
  return [{ images }, ...previous].slice(0, PLATFORM_HISTORY_KEEP);
}
