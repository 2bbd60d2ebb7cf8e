/**
 * The platform images no public source pins (each installer's `images`, `unresolved`) are looked up in their
 * registry at preview, as app images are (components/app/image-digest.ts), and run by the digest their
 * tag names then, so a tag moved later cannot change what a pod runs. Prod refuses a platform it
 * cannot pin: every image that failed is named with its service's key, before any resource is declared.
 * Other tiers warn and run that image by its tag (a laptop may reach no registry from where it runs).
 * The lookup needs no credentials for these public registries: pulumi-docker's getRegistryImage is
 * kreuzwerker/terraform-provider-docker v4.5.0 (the `upstream` submodule of pulumi/pulumi-docker v5.1.0
 * and of its main since), internal/provider/data_source_docker_registry_image.go L46-53 (no credential
 * for the registry: ask anonymously), L89-101 (a bearer token from the registry's challenge) and L131
 * (the manifest's Docker-Content-Digest is the answer).
 */
import * as pulumi from "@pulumi/pulumi";
import type { ChartValues } from "../../config/chart-values";
import { SERVICE_KEYS, type ServiceKey } from "../../config/services";
import type { ConfigProblem } from "../../config/errors";
import type { PlatformConfig } from "../../config/types";
import { registryDigest } from "../image-lookup";
import { valueInForm, type ChartImage, type Digest, type ImagePin } from "./image-digests";
import { INSTALLERS } from "./installers";

/** The digest each enabled service's unpinned images resolved to, by service and image name. */
export type ResolvedDigests = { [S in ServiceKey]?: Record<string, Digest> };

type Named<T> = ChartImage & T & { name: string };

/** The images of a service's chart with no recorded digest, and why. */
export function unpinnedImages(service: ServiceKey): Array<Named<{ reason: string }>> {
  return Object.entries<ImagePin>(INSTALLERS[service].images.images).flatMap(([name, pin]) =>
    "unresolved" in pin
      ? [{ name, image: pin.image, tag: pin.tag, key: pin.key, form: pin.form, reason: pin.unresolved }]
      : [],
  );
}

function recordedImages(service: ServiceKey): Array<Named<{ digest: Digest }>> {
  return Object.entries<ImagePin>(INSTALLERS[service].images.images).flatMap(([name, pin]) =>
    "digest" in pin ? [{ name, ...pin }] : [],
  );
}

const SHA256 = /^sha256:[0-9a-f]{64}$/;

/** Asks each reference once however often it is wanted; a non-digest answer or a failure is a problem. */
export function digestAsker(lookup: (reference: string) => Promise<string>) {
  const asked = new Map<string, Promise<string>>();
  return async (reference: string): Promise<{ digest: Digest } | { problem: string }> => {
    const answer = asked.get(reference) ?? lookup(reference);
    asked.set(reference, answer);
    try {
      const digest = await answer;
      if (SHA256.test(digest)) return { digest: digest as Digest };
      return { problem: `the registry answered ${JSON.stringify(digest)}, not a sha256 digest` };
    } catch (error) {
      return { problem: (error as Error).message || "the registry did not answer" };
    }
  };
}

/**
 * Looks up every enabled service's unpinned images. In prod, each that failed is a problem under its
 * service's key, for the caller to report with the stack's other lookups' problems, all at once.
 */
export async function resolvePlatformImages(
  platform: PlatformConfig,
  tier: string,
  lookup: (reference: string) => Promise<string> = registryDigest,
): Promise<{ digests: ResolvedDigests; problems: ConfigProblem[] }> {
  const wanted = SERVICE_KEYS.filter((service) => platform[service].enabled).flatMap((service) =>
    unpinnedImages(service).map((pin) => ({ service, pin })),
  );
  // One lookup per reference: external-secrets runs one image in three Deployments.
  const ask = digestAsker(lookup);
  const answers = await Promise.all(
    wanted.map(async ({ service, pin }) => ({ service, pin, ...(await ask(`${pin.image}:${pin.tag}`)) })),
  );
  // One problem per reference, however many of the chart's containers run it.
  const failed = [
    ...new Map(
      answers.flatMap((a) =>
        "problem" in a
          ? [
              [
                `${a.service} ${a.pin.image}:${a.pin.tag}`,
                {
                  key: `slipway:platform.${a.service}`,
                  message: `cannot resolve ${a.pin.image}:${a.pin.tag} to a digest: ${a.problem}`,
                },
              ] as const,
            ]
          : [],
      ),
    ).values(),
  ];
  const digests: ResolvedDigests = {};
  for (const a of answers) if ("digest" in a) digests[a.service] = { ...digests[a.service], [a.pin.name]: a.digest };
  if (tier === "prod") {
    const why =
      "; prod runs platform images by digest (make its registry reachable from where the preview runs, or turn the service off)";
    return { digests, problems: failed.map((problem) => ({ ...problem, message: problem.message + why })) };
  }
  for (const { key, message } of failed) await pulumi.log.warn(`${key}: ${message}; running the tag unpinned`);
  return { digests, problems: [] };
}

/** `a.b.c` = value, as nested maps. */
function nested(path: string, value: string): ChartValues {
  return path.split(".").reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as ChartValues;
}

/**
 * The chart values that run a service's unpinned images by their resolved digests, at the key and in
 * the form its installer's `images` records for each; an image that did not resolve gets its tag set
 * explicitly beside that key, so the guard-rail on the image's values always holds something.
 */
export function resolvedImageValues(service: ServiceKey, resolved: ResolvedDigests): ChartValues[] {
  return unpinnedImages(service).map((pin) => {
    const digest = resolved[service]?.[pin.name];
    if (digest) return nested(pin.key, valueInForm(pin, digest));
    return nested(`${pin.key.split(".").slice(0, -1).join(".")}.tag`, pin.tag);
  });
}

/**
 * Every image the enabled services run, by service and image name: `image:tag@digest`, or `image:tag`
 * where neither a recorded nor a resolved digest pins it. The stack exports it with the release history.
 */
export function platformImages(platform: PlatformConfig, resolved: ResolvedDigests) {
  return Object.fromEntries(
    SERVICE_KEYS.filter((service) => platform[service].enabled).map((service) => {
      const recorded = recordedImages(service).map((pin) => [pin.name, `${pin.image}:${pin.tag}@${pin.digest}`]);
      const looked = unpinnedImages(service).map((pin) => {
        const digest = resolved[service]?.[pin.name];
        return [pin.name, `${pin.image}:${pin.tag}${digest ? `@${digest}` : ""}`];
      });
      return [service, Object.fromEntries([...recorded, ...looked].sort(([a], [b]) => a.localeCompare(b)))];
    }),
  ) as Record<string, Record<string, string>>;
}
