/**
 * The platform's S3 buckets, named in config, sharing one customer managed KMS key (rotation on)
 * unless SSE-S3 is chosen. In prod the buckets and the key are protected, and buckets are retained
 * even if removed from the stack.
 */
import * as pulumi from "@pulumi/pulumi";
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import { Alias } from "@pulumi/aws/kms/alias";
import { Key } from "@pulumi/aws/kms/key";
import type { ArtifactsConfig } from "../config/types";
import { createArtifactBucket } from "./artifact-bucket";
import { awsNamePart, defaultBucketName } from "../config/aws-names";
import { dataSafety, type AwsTags } from "./aws-common";

export interface ArtifactsArgs {
  config: ArtifactsConfig;
  stack: string;
  tags: AwsTags;
}

export interface BucketRef {
  name: pulumi.Output<string>;
  arn: pulumi.Output<string>;
}

export class Artifacts extends pulumi.ComponentResource {
  public readonly buckets: Record<string, BucketRef> = {};
  /** The key buckets are encrypted with (SSE-KMS); undefined with SSE-S3. */
  public readonly kmsKeyArn?: pulumi.Output<string>;

  constructor(name: string, args: ArtifactsArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("slipway:artifacts:Artifacts", name, {}, opts);
    const { config } = args;
    const keys = Object.keys(config.buckets).sort();
    if (keys.length === 0) throw new Error(`${name}: expected at least one bucket in slipway:artifacts.buckets`);
    // Default names that would be too long are refused with the config (config/aws-names.ts).
    if (config.encryption === "kms") {
      const key = new Key(
        `${name}-key`,
        {
          description: `Encryption of Slipway artifact buckets (${args.stack})`,
          enableKeyRotation: true,
          deletionWindowInDays: config.protect ? 30 : 7,
          tags: args.tags,
        },
        { parent: this, ...dataSafety(config.protect, false) },
      );
      new Alias(
        `${name}-key`,
        { name: `alias/slipway-${awsNamePart(args.stack)}-artifacts`, targetKeyId: key.keyId },
        { parent: this },
      );
      this.kmsKeyArn = key.arn;
    }
    // A bucket without a configured name is named after the account (config/aws-names.ts defaultBucketName).
    const { accountId } = getCallerIdentityOutput({}, { parent: this });
    for (const key of keys) {
      const bucket = config.buckets[key];
      const created = createArtifactBucket(
        `${name}-${key}`,
        {
          bucketName: bucket.name ?? accountId.apply((id) => defaultBucketName(args.stack, key, id)),
          kmsKeyArn: this.kmsKeyArn,
          noncurrentVersionDays: bucket.noncurrentVersionDays ?? config.noncurrentVersionDays,
          abortIncompleteUploadDays: config.abortIncompleteUploadDays,
          expireAfterDays: bucket.expireAfterDays,
          protect: config.protect,
          tags: { ...args.tags, "slipway.dev/bucket": key },
        },
        this,
      );
      this.buckets[key] = { name: created.bucket, arn: created.arn };
    }
    this.registerOutputs({ buckets: this.buckets, kmsKeyArn: this.kmsKeyArn });
  }
}
