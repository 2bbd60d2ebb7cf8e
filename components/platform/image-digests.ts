/**
 * How a platform service records every image its chart runs at the pinned version, and the digest each
 * runs by: each service's install half (components/platform/services/<key>.ts, `<KEY>_IMAGES`, listed
 * in its installer) holds its own. A digest is recorded only where an upstream source states it for
 * exactly that image and tag (cited beside it); a digest only third-party pins state is not used. An
 * image without one says why, and is looked up in its registry at preview instead (image-resolution.ts).
 * Each names the chart version its images were read at: a chart bump fails
 * test/platform-services/chart-hardening.ts until its images, tags, digests and values keys are read
 * again at the new version.
 */

export type Digest = `sha256:${string}`;

/**
 * How a chart takes a digest, read in its templates at the pinned version:
 *  - `tag@digest`: the chart has no digest key but prints `<repository>:<tag>`, so the tag value carries
 *    `<tag>@sha256:…` (the kubelet pulls by the digest);
 *  - `digest`: a digest key printed after `@`, so it holds `sha256:…`;
 *  - `hex`: a `sha` key printed after `@sha256:`, so it holds the 64 hex digits alone.
 */
type DigestForm = "tag@digest" | "digest" | "hex";

export interface ChartImage {
  /** The image as the chart's default values name it. */
  image: string;
  /** The tag the chart runs by default at the pinned version. */
  tag: string;
  /** The values path, relative to the chart's values, that carries the digest. */
  key: string;
  form: DigestForm;
}
export type ImagePin = ChartImage & ({ digest: Digest } | { unresolved: string });

export const NO_UPSTREAM_DIGEST =
  "no digest recorded: no upstream source cited here states one for exactly this image and tag";
export const THIRD_PARTY_DIGEST_ONLY = "no digest recorded: only third-party pins state one for this image and tag";

/** A service's images, by name, and the chart version they were read at. */
export interface ServiceImages {
  chart: string;
  images: Readonly<Record<string, ImagePin>>;
}

/** The images of a service whose digest is recorded: only these can be pinned. */
export type PinnedOf<T extends ServiceImages> = {
  [N in keyof T["images"]]: T["images"][N] extends { digest: Digest } ? N : never;
}[keyof T["images"]];

/** The value to set at the image's `key` so the chart runs it by `digest`, in the form its template expects. */
export function valueInForm(pin: ChartImage, digest: Digest): string {
  if (pin.form === "tag@digest") return `${pin.tag}@${digest}`;
  return pin.form === "digest" ? digest : digest.slice("sha256:".length);
}

/** The value to set at the image's `key` so the chart runs it by its recorded digest. */
export function digestValue<T extends ServiceImages>(service: T, image: PinnedOf<T>): string {
  const pin = (service.images as Record<PinnedOf<T>, ChartImage & { digest: Digest }>)[image];
  return valueInForm(pin, pin.digest);
}
