/**
 * The platform's part of `npm run releases`: the images its services ran, newest first, as the last
 * update's `platformHistory` output records them (components/platform/platform-history.ts). The
 * newest set in full, then what each older set ran instead. A digest the mock engine invented (an
 * offline render's outputs) is labelled as such.
 */
import type { OutputMap } from "@pulumi/pulumi/automation";
import type { PlatformImages, PlatformRelease } from "../../components/platform/platform-history";
import { PLATFORM_HISTORY_OUTPUT } from "../../stacks/previous-releases";
import { labelMockDigest } from "../harness/mock-digests";

function entries(images: PlatformImages): Map<string, string> {
  return new Map(
    Object.keys(images)
      .sort()
      .flatMap((service) =>
        Object.keys(images[service])
          .sort()
          .map((name) => [`${service}.${name}`, images[service][name]] as const),
      ),
  );
}

/** What `older` ran that differs from `newer`, one line per image. */
function differences(older: PlatformImages, newer: PlatformImages): string[] {
  const [before, after] = [entries(older), entries(newer)];
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
  return keys.flatMap((key) => {
    const [was, now] = [before.get(key), after.get(key)];
    if (was === now) return [];
    if (was === undefined) return [`${key}: not run`];
    return [`${key}: ${labelMockDigest(was)}`];
  });
}

export function platformImageLines(outputs: OutputMap): string[] {
  const history = outputs[PLATFORM_HISTORY_OUTPUT]?.value as PlatformRelease[] | undefined;
  if (!Array.isArray(history) || history.length === 0) return [];
  const lines = [
    "Platform images, newest first (the last update's platformHistory: a set is added when an update runs other images):",
  ];
  lines.push("  now:");
  for (const [key, reference] of entries(history[0].images)) lines.push(`      ${key}: ${labelMockDigest(reference)}`);
  for (const [i, release] of history.slice(1).entries()) {
    lines.push(`  ${i + 1} before: instead ran`);
    for (const line of differences(release.images, history[i].images)) lines.push(`      ${line}`);
  }
  return lines;
}
