/**
 * The one StackContext a stack's apps share, built in one place: a single stack gives it the
 * platform it has just declared, an apps stack its platform stack's outputs; what the stack itself
 * holds (its name, tier, registry and Secret-naming key) is the same in both.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { AppAwsContext } from "../components/app/aws-access";
import type { StackContext } from "../components/app/stack-context";
import type { ImageRegistry } from "../components/registry";
import type { StackConfig } from "../config/types";
import type { PreviousReleases } from "./previous-releases";

/** What the platform (declared here, or the platform stack's outputs) gives the apps. */
export type PlatformForStack = Pick<
  StackContext,
  | "provider"
  | "gateway"
  | "namespacesFromPlatform"
  | "podSecurityVersion"
  | "prometheusUrl"
  | "checkImages"
  | "platformDependencies"
> & {
  /** EKS only: the OIDC provider IRSA roles for apps' `aws` config trust. */
  oidc: AppAwsContext["oidc"] | undefined;
  /** The artifact buckets, their key and (apps stacks) the boundary an app's role carries. */
  aws: Omit<AppAwsContext, "oidc" | "tags">;
};

export interface StackOwn {
  registry: ImageRegistry | undefined;
  secretNameKey: pulumi.Output<string>;
  previous: PreviousReleases;
  tags: AppAwsContext["tags"];
}

export function stackContext(config: StackConfig, own: StackOwn, platform: PlatformForStack): StackContext {
  const { oidc, aws, ...shared } = platform;
  return {
    stack: config.stack,
    environment: config.environment,
    ...shared,
    registry: own.registry,
    secretNameKey: own.secretNameKey,
    knownSecretNameKey: own.previous.nameKey,
    aws: oidc && { oidc, ...aws, tags: own.tags },
  };
}
