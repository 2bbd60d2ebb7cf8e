/**
 * Registry lookups of the digest a tag names now. Neither needs a resource, so the program can ask
 * before declaring any. pulumi-docker's `getRegistryImage` answers the registry's manifest digest for
 * `name` as `sha256Digest`; pulumi-aws's `ecr.getImage` answers `imageDigest` for a repository name
 * and tag, asked with the deployer's AWS identity (no registry login).
 */
import { getImage } from "@pulumi/aws/ecr/getImage";
import { getRegistryImage } from "@pulumi/docker/getRegistryImage";
import type { RegistryConfig } from "../config/types";
import { ecrRepositoryName } from "./registry";

/** The digest `repository:tag` names now, from the registry it lives in. */
export async function registryDigest(reference: string): Promise<string> {
  return (await getRegistryImage({ name: reference })).sha256Digest;
}

/** The digest a tag names now in an app's own repository; rejects when the registry cannot say. */
export async function ownTagDigest(config: RegistryConfig, stack: string, app: string, tag: string): Promise<string> {
  if (config.mode === "ecr" && (config.apps ?? [app]).includes(app))
    return (await getImage({ repositoryName: ecrRepositoryName(config, stack, app), imageTag: tag })).imageDigest;
  if (config.mode === "local") return registryDigest(`${config.server}/${app}:${tag}`);
  throw new Error("the stack's registry has no repository for it");
}
