/**
 * Pins a tag to the digest it names at preview time, so every pod of a release runs the same bytes
 * even if the tag moves later (lookups in ../image-lookup.ts). Prod refuses a tag it cannot pin; other tiers warn and run the
 * tag (a laptop's kind registry may not answer lookups from where `pulumi up` runs). The program
 * awaits this before declaring any resource, so a refusal fails the preview with nothing registered.
 */
import * as pulumi from "@pulumi/pulumi";
import type { AppConfig, RegistryConfig } from "../../config/types";
import { ownTagDigest, registryDigest } from "../image-lookup";
import type { RepositoryOwner } from "../registry";

/**
 * The digest an app's configured tag names now; undefined when there is nothing to pin (a build, a
 * configured digest) or, outside prod, when the registry cannot say.
 */
export async function pinTag(
  app: string,
  config: AppConfig,
  registry: RegistryConfig,
  stack: string,
  tier: string,
  /** Whose own repository the image is in, when not the app's (a review copy reads its original's). */
  owner: RepositoryOwner = { stack, app },
): Promise<string | undefined> {
  // A build has no image (config/app-exclusive-keys.ts): nothing to pin.
  const { image } = config;
  if (!image?.tag || image.digest) return undefined;
  const { repository, tag } = image;
  const ownRepository =
    owner.app === app ? "the app's own repository" : `the repository of ${owner.stack}'s ${owner.app}`;
  const where = repository ? `${repository}:${tag}` : `${ownRepository}, tag ${tag}`;
  try {
    if (repository) return await registryDigest(`${repository}:${tag}`);
    return await ownTagDigest(registry, owner.stack, owner.app, tag);
  } catch (error) {
    const detail = (error as Error).message ? `: ${(error as Error).message}` : "";
    const reason = `cannot resolve ${where} to a digest${detail}`;
    if (tier === "prod")
      throw new Error(
        `slipway:apps.${app}.image: ${reason}; prod runs images by digest: push the tag or give image.digest`,
        { cause: error },
      );
    await pulumi.log.warn(`slipway:apps.${app}.image: ${reason}; running the tag unpinned`);
    return undefined;
  }
}
