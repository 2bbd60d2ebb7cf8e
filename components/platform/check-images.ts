/**
 * The images Slipway's own checks run in tenant namespaces: the smoke check's curl
 * (components/app/smoke-check.ts) and the release check's Argo Rollouts CLI (components/app/rollout-check.ts).
 * They are looked up in their registries at preview, like the platform's unpinned images
 * (image-resolution.ts), once per platform and before any resource is declared, and run by the digest
 * their tag names then.
 *
 * Why the platform looks them up and not each apps stack: the platform's admission policy admits them
 * by exact reference, digest included (admission/image-sources.ts), so what an app runs must be the very
 * reference its platform admits. An apps stack looking a tag up on its own could get another digest once
 * the tag moved, and the cluster would refuse its Jobs; so a platform stack publishes its references
 * (config/platform-outputs.ts `checkImages`) and a single stack hands them to its own apps. One lookup
 * per platform, however many apps stacks run on it.
 *
 * A failed lookup keeps the tag and warns; the apps that run the check decide whether that is refused
 * (components/app/check-image-pins.ts: prod refuses, naming the app's config key).
 */
import * as pulumi from "@pulumi/pulumi";
import type { PlatformConfig } from "../../config/types";
import { ROLLOUTS_CLI_IMAGE } from "../app/rollout-check";
import { SMOKE_IMAGE } from "../app/smoke-check";
import { registryDigest } from "../image-lookup";
import { digestAsker } from "./image-resolution";

/** The reference each check runs: `image:tag@sha256:…`, or `image:tag` where the lookup failed. */
export interface CheckImages {
  smoke: string;
  rolloutCheck: string;
}

/** The tags the checks are pinned to in code. */
export const CHECK_IMAGE_TAGS: Readonly<CheckImages> = { smoke: SMOKE_IMAGE, rolloutCheck: ROLLOUTS_CLI_IMAGE };

/** `…@sha256:<64 hex>`: a reference that names its digest. */
export function pinnedByDigest(reference: string): boolean {
  return /@sha256:[0-9a-f]{64}$/.test(reference);
}

/**
 * Both references, looked up when Argo Rollouts runs: both checks belong to canary and blueGreen
 * strategies, which the config refuses without the controller (config/platform-check.ts), so without it
 * no app can run them and nothing is asked.
 */
export async function resolveCheckImages(
  platform: PlatformConfig,
  lookup: (reference: string) => Promise<string> = registryDigest,
): Promise<CheckImages> {
  if (!platform.rollouts.enabled) return { ...CHECK_IMAGE_TAGS };
  const ask = digestAsker(lookup);
  const entries = await Promise.all(
    Object.entries(CHECK_IMAGE_TAGS).map(async ([check, reference]) => {
      const answer = await ask(reference);
      if ("digest" in answer) return [check, `${reference}@${answer.digest}`];
      await pulumi.log.warn(`cannot resolve ${reference} to a digest: ${answer.problem}; the checks run it by tag`);
      return [check, reference];
    }),
  );
  return Object.fromEntries(entries) as CheckImages;
}
