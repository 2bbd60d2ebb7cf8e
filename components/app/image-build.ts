/**
 * Builds an app's image from source with BuildKit and pushes it to the app's repository; the workload
 * runs the pushed digest (`repoDigest`), so a rebuild with new content rolls the pods and an unchanged
 * build changes nothing. Needs a Docker engine where `pulumi up` runs.
 */
import * as pulumi from "@pulumi/pulumi";
import { Image } from "@pulumi/docker/image";
import type { BuildConfig } from "../../config/types";
import type { RegistryCredentials } from "../registry";

export interface ImageBuildArgs {
  build: BuildConfig;
  /** The repository to push to, without a tag. */
  repository: pulumi.Input<string>;
  /** The build's content digest (stacks/build-context.ts): the tag, so ECR tags stay immutable. */
  digest: string;
  /** Registry login; undefined for a registry that needs none. */
  credentials?: RegistryCredentials;
}

export class ImageBuild extends pulumi.ComponentResource {
  /** `<repository>@sha256:<digest>`: the exact image pushed. */
  public readonly reference: pulumi.Output<string>;

  constructor(name: string, args: ImageBuildArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("slipway:app:ImageBuild", name, {}, opts);
    const { build, credentials } = args;
    const image = new Image(
      name,
      {
        imageName: pulumi.interpolate`${args.repository}:build-${args.digest}`,
        build: {
          context: build.context,
          dockerfile: build.dockerfile ?? `${build.context}/Dockerfile`,
          target: build.target,
          args: build.args,
          platform: build.platform,
          builderVersion: "BuilderBuildKit",
        },
        registry: credentials && {
          server: credentials.server,
          username: credentials.username,
          password: credentials.password,
        },
      },
      { parent: this },
    );
    this.reference = image.repoDigest;
    this.registerOutputs({ reference: this.reference });
  }
}
