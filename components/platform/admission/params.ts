/**
 * The parameters ConfigMap the tenant policies read (`params.data`). A ConfigMap holds strings only and
 * the policies use no list-parsing extension, so each list is one key per entry (`registry.0`, …) that
 * the CEL iterates with `exists`.
 */
import * as pulumi from "@pulumi/pulumi";
import { APP_DEPLOYER_ROLE } from "../../eks/app-deployer-rules";
import { APP_ROLE_PATH_ROOT } from "../../iam";
import { checkImageRepositories } from "../../../policy/policies/lib/exemptions";

/** `repo/path:tag` → `repo/path` (a colon after the last slash starts the tag). */
function repositoryOf(image: string): string {
  const tag = image.indexOf(":", image.lastIndexOf("/") + 1);
  return tag < 0 ? image : image.slice(0, tag);
}

export interface AdmissionParamsArgs {
  /**
   * The exact references Slipway's own checks run (components/platform/check-images.ts): admitted from
   * their upstream registries, and in prod only by digest like every tenant image.
   */
  checkImages: string[];
  /** In prod every tenant image runs by digest. */
  digestsRequired: boolean;
  /** The platform's own registry hosts (its ECR registry, a laptop's local registry). */
  ownRegistries: pulumi.Input<string>[];
  /** slipway:platform.admission.allowedRegistries. */
  allowedRegistries: string[];
  /** Present on EKS: the AWS partition and account app roles live in. */
  aws?: { partition: pulumi.Input<string>; accountId: pulumi.Input<string> };
}

/**
 * The registries the platform itself provides: its account's ECR registry in its region
 * (`<account>.dkr.ecr.<region>.amazonaws.com`, `.amazonaws.com.cn` in China), or the local registry.
 */
export function platformRegistries(
  registry: { mode: string; server?: string },
  aws: { partition: pulumi.Input<string>; region: pulumi.Input<string>; accountId: pulumi.Input<string> } | undefined,
): pulumi.Input<string>[] {
  if (registry.mode === "local" && registry.server) return [registry.server];
  if (registry.mode !== "ecr" || !aws) return [];
  const suffix = pulumi.output(aws.partition).apply((p) => (p === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com"));
  return [pulumi.interpolate`${aws.accountId}.dkr.ecr.${aws.region}.${suffix}`];
}

function entries(prefix: string, values: pulumi.Input<string>[]): Record<string, pulumi.Input<string>> {
  return Object.fromEntries(values.map((value, i) => [`${prefix}.${i}`, value]));
}

export function admissionParams(args: AdmissionParamsArgs): Record<string, pulumi.Input<string>> {
  const named = checkImageRepositories();
  for (const image of args.checkImages) {
    if (!named.includes(repositoryOf(image)))
      throw new Error(
        `${image}: runs in tenant namespaces from a registry the platform does not list, but is not named in policy/policies/lib/exemptions.ts`,
      );
  }
  return {
    "digests-required": String(args.digestsRequired),
    ...entries("registry", [...args.ownRegistries, ...args.allowedRegistries]),
    ...entries("tool-image", args.checkImages),
    ...entries("cluster-role", [APP_DEPLOYER_ROLE]),
    ...(args.aws
      ? {
          "irsa-role-arn-prefix": pulumi.interpolate`arn:${args.aws.partition}:iam::${args.aws.accountId}:role${APP_ROLE_PATH_ROOT}`,
        }
      : {}),
  };
}
