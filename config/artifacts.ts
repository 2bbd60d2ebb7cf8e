/**
 * `slipway:artifacts`: the S3 buckets a delivery platform keeps (build artifacts, image-registry
 * storage, database backups), named in config. Every bucket is versioned, encrypted, private, TLS-only
 * and cleans up after itself (old versions and abandoned uploads expire).
 */
import { z } from "zod";
import { s3BucketName } from "./aws-primitives";
import { bool, dnsLabel, integer } from "./primitives";
import type { Tier } from "./tiers";

/** The logical name apps and outputs use, e.g. `build-artifacts`. */
export const bucketKey = dnsLabel("a bucket name such as build-artifacts", 20);

const bucketSchema = z.strictObject({
  /** The real S3 name; defaults to slipway-<stack>-<key>-<account id>, unique across AWS. */
  name: s3BucketName.optional(),
  /** Overrides the section's noncurrentVersionDays for this bucket. */
  noncurrentVersionDays: integer(1, 3650).optional(),
  /** Delete current objects this many days after creation (e.g. short-lived build artifacts). */
  expireAfterDays: integer(1, 36500).optional(),
});

export function artifactsSchema(tier: Tier) {
  const prod = tier === "prod";
  return z.strictObject({
    /** `kms`: SSE-KMS with a customer managed key (rotation on); `s3`: SSE-S3 (AES-256). */
    encryption: z.enum(["kms", "s3"], { error: "expected kms or s3" }).default("kms"),
    noncurrentVersionDays: integer(1, 3650).default(prod ? 90 : 7),
    abortIncompleteUploadDays: integer(1, 365).default(7),
    /** `protect` and `retainOnDelete` on every bucket, `protect` on the key. */
    protect: bool.default(prod),
    buckets: z.record(bucketKey, bucketSchema).default({}),
  });
}

export type ArtifactsConfig = z.output<ReturnType<typeof artifactsSchema>>;
