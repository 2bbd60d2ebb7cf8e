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

/**
 * A set of images with services and names sorted. The engine returns a previous update's outputs with
 * their keys sorted (they travel as protobuf Structs: google-protobuf 3.21.4, protocolbuffers/protobuf-javascript
 * v3.21.4 `map.js`, visits a Map's keys sorted), so an entry is
 * written sorted too: a re-run that adds nothing then exports exactly what the previous one did.
 */
function sorted(images: PlatformImages): PlatformImages {
  const byKey = <T>(record: Record<string, T>) =>
    Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return byKey(Object.fromEntries(Object.entries(images).map(([service, named]) => [service, byKey(named)])));
}

/** A stable text of a set of images, so key order never counts as a change. */
const canonical = (images: PlatformImages) => JSON.stringify(sorted(images));

/** The history after an update that runs `images`, from the one the previous update exported. */
export function nextPlatformHistory(previous: PlatformRelease[], images: PlatformImages): PlatformRelease[] {
  if (previous.length > 0 && canonical(previous[0].images) === canonical(images)) return previous;
  return [{ images: sorted(images) }, ...previous].slice(0, PLATFORM_HISTORY_KEEP);
}
