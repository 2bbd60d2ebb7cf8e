/**
 * Where a review stack's copies get their images (config/review-stack.ts). A copy of an app that runs
 * a tag or digest of its own registry repository runs it from its original's repository, which the
 * review stack only reads: a repository of the copy's own would be new and empty, and its pods would
 * never pull. Only a copy that builds gets a repository of the review stack, to push to; `destroy`
 * deletes it with the stack (components/registry.ts `ephemeral`). A copy of an image in another
 * registry needs none.
 */
import type { RepositoryOwner } from "../components/registry";
import { own } from "../config/raw";
import type { ReviewMarker } from "../config/review-stack";
import type { AppConfig, RegistryConfig } from "../config/types";

export interface ReviewImages {
  /** The platform's registry settings, with `apps` the copies that get a repository of their own. */
  registry: RegistryConfig;
  /** By copy, the original whose own repository it reads. */
  borrowed: Record<string, RepositoryOwner>;
}

export function reviewImages(
  apps: Record<string, AppConfig>,
  registry: RegistryConfig,
  review: ReviewMarker,
): ReviewImages {
  // As for the original itself: a registry that lists its apps gives the others no repository.
  const hasRepository = (app: string) => registry.apps?.includes(app) ?? true;
  const owned: string[] = [];
  const borrowed: Record<string, RepositoryOwner> = {};
  for (const copy of Object.keys(apps).sort()) {
    const { build, image } = apps[copy];
    // A marker recorded before originals were has none: its copies keep their own repositories.
    const original = own(review.originals, copy);
    if (original === undefined) {
      if (hasRepository(copy)) owned.push(copy);
    } else if (hasRepository(original)) {
      if (build) owned.push(copy);
      else if (image?.repository === undefined) borrowed[copy] = { stack: review.source, app: original };
    }
  }
  return { registry: { ...registry, apps: owned }, borrowed };
}
