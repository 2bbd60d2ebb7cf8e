/**
 * AWS names derived from the stack name: pure, so the config check and the components use the same
 * rules, and a name AWS would refuse is a config error before anything is registered.
 */
import type { ConfigProblem } from "./errors";

/** Lowercase, '-'-separated form of a stack name for AWS names that allow less than Pulumi does. */
export function awsNamePart(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** An account id has 12 digits; `slipway-<stack>-<key>-<account>` must fit S3's 63 characters. */
export function defaultBucketName(stack: string, key: string, accountId: string): string {
  return `slipway-${awsNamePart(stack)}-${key}-${accountId}`;
}

/** Artifact buckets without a `name` are named after the stack; that name must fit S3's limit. */
export function awsNameProblems(buckets: Record<string, { name?: string }>, stack: string): ConfigProblem[] {
  return Object.keys(buckets)
    .sort()
    .filter((key) => buckets[key].name === undefined)
    .filter((key) => defaultBucketName(stack, key, "0".repeat(12)).length > 63)
    .map((key) => ({
      key: `slipway:artifacts.buckets.${key}`,
      message: `the default name ${defaultBucketName(stack, key, "<account id>")} is longer than 63 characters; set a name`,
    }));
}
