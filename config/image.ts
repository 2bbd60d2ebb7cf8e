/** Container image references, following the distribution reference grammar (docker/distribution). */
import { z } from "zod";

const DOMAIN = String.raw`(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?`;
const PATH_COMPONENT = String.raw`[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`;
const REPOSITORY = new RegExp(`^(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);

const imageRepository = z
  .string({ error: "expected an image repository such as ghcr.io/acme/web" })
  .max(255, { error: "expected an image repository of at most 255 characters" })
  .regex(REPOSITORY, {
    error: "expected an image repository such as ghcr.io/acme/web (lowercase path, optional registry host)",
  });

const imageTag = z
  .string({ error: "expected an image tag such as 1.4.2" })
  .regex(/^[\w][\w.-]{0,127}$/, {
    error: "expected an image tag: letters, digits, '_', '.', '-', at most 128 characters",
  })
  .refine((tag) => tag !== "latest", {
    error: 'expected a pinned tag: "latest" is not allowed (use a version or a digest)',
  });

const imageDigest = z
  .string({ error: "expected a digest such as sha256:<64 hex digits>" })
  .regex(/^sha256:[a-f0-9]{64}$/, { error: "expected a digest such as sha256:<64 hex digits>" });

/** A repository is optional: an image with only a tag or digest lives in the app's own registry repository. */
export const imageSchema = z
  .strictObject(
    { repository: imageRepository.optional(), tag: imageTag.optional(), digest: imageDigest.optional() },
    { error: "expected an image: { repository, tag }, { repository, digest } or { tag } (the app's own repository)" },
  )
  .refine((image): image is typeof image & PinnedVersion => image.tag !== undefined || image.digest !== undefined, {
    error: 'expected a pinned image: give a tag (not "latest") or a digest',
  });

/** What pins an image's version: its tag, its digest, or both. */
export type PinnedVersion = { tag: string; digest?: string } | { tag?: undefined; digest: string };

/** The reference a container pulls; with a digest the tag is kept only as a readable hint. */
export function imageReference(image: { repository: string; tag?: string; digest?: string }): string {
  const tag = image.tag ? `:${image.tag}` : "";
  const digest = image.digest ? `@${image.digest}` : "";
  return `${image.repository}${tag}${digest}`;
}
