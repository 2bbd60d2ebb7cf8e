/**
 * One artifact bucket with the controls every such bucket needs: versioning, default encryption
 * (SSE-KMS with a bucket key, or SSE-S3), all four public-access blocks, ACLs disabled (bucket owner
 * enforced), a policy refusing plain HTTP and old TLS, and lifecycle rules that expire old versions
 * and abandoned multipart uploads.
 */
import * as pulumi from "@pulumi/pulumi";
import { Bucket } from "@pulumi/aws/s3/bucket";
import { BucketLifecycleConfiguration } from "@pulumi/aws/s3/bucketLifecycleConfiguration";
import { BucketOwnershipControls } from "@pulumi/aws/s3/bucketOwnershipControls";
import { BucketPolicy } from "@pulumi/aws/s3/bucketPolicy";
import { BucketPublicAccessBlock } from "@pulumi/aws/s3/bucketPublicAccessBlock";
import { BucketServerSideEncryptionConfiguration } from "@pulumi/aws/s3/bucketServerSideEncryptionConfiguration";
import { BucketVersioning } from "@pulumi/aws/s3/bucketVersioning";
import type * as inputs from "@pulumi/aws/types/input";
import { dataSafety, type AwsTags } from "./aws-common";

export interface ArtifactBucketArgs {
  bucketName: pulumi.Input<string>;
  /** SSE-KMS with this key; SSE-S3 when undefined. */
  kmsKeyArn?: pulumi.Input<string>;
  noncurrentVersionDays: number;
  abortIncompleteUploadDays: number;
  expireAfterDays?: number;
  protect: boolean;
  tags: AwsTags;
}

/** Deny any request not made over TLS 1.2 or later, whoever makes it. */
function transportPolicy(bucketArn: string): string {
  const resources = [bucketArn, `${bucketArn}/*`];
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: resources,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
      {
        Sid: "DenyOutdatedTls",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: resources,
        Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
      },
    ],
  });
}

type LifecycleRule = inputs.s3.BucketLifecycleConfigurationRule;

function lifecycleRules(
  args: Pick<ArtifactBucketArgs, "noncurrentVersionDays" | "abortIncompleteUploadDays" | "expireAfterDays">,
): LifecycleRule[] {
  const everything = {};
  const rules: LifecycleRule[] = [
    {
      id: "expire-noncurrent-versions",
      status: "Enabled",
      filter: everything,
      noncurrentVersionExpiration: { noncurrentDays: args.noncurrentVersionDays },
    },
    {
      id: "abort-incomplete-uploads",
      status: "Enabled",
      filter: everything,
      abortIncompleteMultipartUpload: { daysAfterInitiation: args.abortIncompleteUploadDays },
    },
    // Once every version of a key has expired, its lone delete marker is clutter that slows listings.
    {
      id: "remove-expired-delete-markers",
      status: "Enabled",
      filter: everything,
      expiration: { expiredObjectDeleteMarker: true },
    },
  ];
  if (args.expireAfterDays !== undefined) {
    rules.push({
      id: "expire-current-objects",
      status: "Enabled",
      filter: everything,
      expiration: { days: args.expireAfterDays },
    });
  }
  return rules;
}

export function createArtifactBucket(name: string, args: ArtifactBucketArgs, parent: pulumi.Resource): Bucket {
  const opts = { parent };
  const bucket = new Bucket(
    name,
    { bucket: args.bucketName, forceDestroy: false, tags: args.tags },
    { ...opts, ...dataSafety(args.protect, true) },
  );
  const versioning = new BucketVersioning(
    name,
    { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
    opts,
  );
  new BucketServerSideEncryptionConfiguration(
    name,
    {
      bucket: bucket.id,
      rules: [
        args.kmsKeyArn
          ? {
              applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn },
              bucketKeyEnabled: true,
            }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
      ],
    },
    opts,
  );
  const publicAccess = new BucketPublicAccessBlock(
    name,
    {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    },
    opts,
  );
  new BucketOwnershipControls(name, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, opts);
  new BucketPolicy(
    name,
    { bucket: bucket.id, policy: bucket.arn.apply(transportPolicy) },
    { ...opts, dependsOn: [publicAccess] },
  );
  new BucketLifecycleConfiguration(
    name,
    { bucket: bucket.id, rules: lifecycleRules(args) },
    { ...opts, dependsOn: [versioning] },
  );
  return bucket;
}
