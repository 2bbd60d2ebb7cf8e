/**
 * In prod every tenant image runs by digest, Slipway's own check images too: the cluster refuses any
 * other (components/platform/admission/image-sources.ts). When a check image could not be pinned
 * (components/platform/check-images.ts), each app whose config turns that check on is named by the key
 * that did, all at once and before any resource is declared; apps that run no check are not held up.
 */
import type { ConfigProblem } from "../../config/errors";
import type { AppConfig } from "../../config/types";
import { pinnedByDigest, type CheckImages } from "../platform/check-images";

/**
 * The problems of a prod stack's apps; `why` says where the unpinned reference came from (this
 * preview's lookup, or the platform stack's published one). Other tiers run the tag and get none.
 */
export function checkImageProblems(
  apps: Record<string, AppConfig>,
  images: CheckImages,
  tier: string,
  why: string,
): ConfigProblem[] {
  if (tier !== "prod") return [];
  const problems: ConfigProblem[] = [];
  const refuse = (key: string, check: string, reference: string) =>
    problems.push({
      key,
      message: `turns on ${check}, whose image ${reference} ${why}; prod runs every image by digest`,
    });
  for (const app of Object.keys(apps).sort()) {
    const strategy = apps[app].strategy;
    if (strategy.type === "rolling") continue;
    if (!pinnedByDigest(images.rolloutCheck))
      refuse(`slipway:apps.${app}.strategy.type`, `the release check (${strategy.type})`, images.rolloutCheck);
    if (strategy.acceptance.smoke.enabled && !pinnedByDigest(images.smoke))
      refuse(`slipway:apps.${app}.strategy.acceptance.smoke`, "the smoke check", images.smoke);
  }
  return problems;
}
