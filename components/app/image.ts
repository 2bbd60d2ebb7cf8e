/**
 * What image an app runs: a full reference from config, a tag or digest in the app's own registry
 * repository, or a build of its source pushed there. Always by digest when one can be had: a tag is
 * pinned to the digest it names at preview time (image-digest.ts), and the tag stays in the label.
 */
import * as pulumi from "@pulumi/pulumi";
import type { AppConfig } from "../../config/types";
import { imageReference } from "../../config/image";
import type { ImageRegistry } from "../registry";
import { ImageBuild } from "./image-build";
import { versionLabel } from "../../config/labels";

export interface ResolvedImage {
  reference: pulumi.Input<string>;
  /** The `app.kubernetes.io/version` label; undefined for builds (the digest is only known after the push). */
  version?: string;
}

/** The app's repository in the stack's registry, with that registry; refused when there is none. */
function ownRepository(app: string, registry: ImageRegistry | undefined) {
  const repository = registry?.repositoryFor(app);
  if (!registry || !repository)
    throw new Error(`slipway:apps.${app}: needs its own registry repository, and the registry has none for it`);
  return { registry, repository };
}

export function resolveImage(
  app: string,
  config: AppConfig,
  registry: ImageRegistry | undefined,
  buildDigest: string | undefined,
  /** The digest the configured tag names now (image-digest.ts), when it could be looked up. */
  tagDigest: string | undefined,
  parent: pulumi.Resource,
): ResolvedImage {
  if (config.build) {
    if (!buildDigest) throw new Error(`slipway:apps.${app}.build: the build's content digest is missing`);
    const own = ownRepository(app, registry);
    const build = new ImageBuild(
      `${app}-image`,
      {
        build: config.build,
        digest: buildDigest,
        repository: own.repository,
        credentials: own.registry.pushCredentials(),
      },
      { parent },
    );
    return { reference: build.reference, version: `build-${buildDigest}` };
  }
  // An app that does not build runs its configured image (config/app-exclusive-keys.ts).
  const { image } = config;
  const { repository } = image;
  // A pinned tag runs by digest alone; the tag stays readable in the version label.
  const pinned = tagDigest ? { digest: tagDigest } : image;
  const reference = repository
    ? imageReference({ ...pinned, repository })
    : ownRepository(app, registry).repository.apply((own) => imageReference({ ...pinned, repository: own }));
  return { reference, version: versionLabel(image) };
}
