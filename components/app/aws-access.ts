/**
 * The IAM permissions behind an app's `aws` config, least privilege: only the named buckets, only the
 * actions the access level needs, and the bucket key only when S3 uses it on the app's behalf.
 */
import * as pulumi from "@pulumi/pulumi";
import type { BucketAccess } from "../../config/app-aws";
import type { BucketRef } from "../artifacts";
import type { AwsTags } from "../aws-common";
import type { ActionSources, PolicyStatement } from "../iam";

/** What an App needs to create its IRSA role; present only on EKS. */
export interface AppAwsContext {
  oidc: { providerArn: pulumi.Input<string>; issuer: pulumi.Input<string> };
  buckets: Record<string, BucketRef>;
  /** The artifact buckets' KMS key, when they use SSE-KMS. */
  bucketKeyArn?: pulumi.Input<string>;
  /** In an apps stack: the permissions boundary its platform defines for the stack's roles. */
  permissionsBoundaryArn?: pulumi.Input<string>;
  tags: AwsTags;
}

const BUCKET_ACTIONS: Record<BucketAccess, { bucket: string[]; objects: string[] }> = {
  read: {
    bucket: ["s3:ListBucket", "s3:GetBucketLocation"],
    objects: ["s3:GetObject", "s3:GetObjectVersion"],
  },
  readWrite: {
    bucket: ["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"],
    objects: [
      "s3:GetObject",
      "s3:GetObjectVersion",
      "s3:PutObject",
      "s3:DeleteObject",
      "s3:AbortMultipartUpload",
      "s3:ListMultipartUploadParts",
    ],
  },
};

const KEY_ACTIONS: Record<BucketAccess, string[]> = {
  read: ["kms:Decrypt"],
  readWrite: ["kms:Decrypt", "kms:GenerateDataKey"],
};

/**
 * No controller makes these calls, the app does: each action with the S3 or KMS operations it
 * authorises (AWS Service Authorization Reference), so an action without a use cannot be added.
 */
export const APP_ACTION_PURPOSES: ActionSources = {
  "s3:ListBucket": "ListObjectsV2 and ListObjects: listing the bucket's keys",
  "s3:GetBucketLocation": "GetBucketLocation: SDKs and tools that find the bucket's region before they call it",
  "s3:ListBucketMultipartUploads": "ListMultipartUploads: finding uploads left unfinished",
  "s3:GetObject": "GetObject and HeadObject: reading an object",
  "s3:GetObjectVersion": "GetObject and HeadObject with a versionId: reading an object's earlier version",
  "s3:PutObject": "PutObject, CopyObject, CreateMultipartUpload, UploadPart, CompleteMultipartUpload",
  "s3:DeleteObject": "DeleteObject and DeleteObjects",
  "s3:AbortMultipartUpload": "AbortMultipartUpload: cleaning up an upload that failed",
  "s3:ListMultipartUploadParts": "ListParts: resuming a multipart upload",
  "kms:Decrypt": "S3 decrypting the data key of an SSE-KMS object the app reads",
  "kms:GenerateDataKey": "S3 making the data key of an SSE-KMS object the app writes",
};

/** Every action an access level can grant, for the check that each has a purpose. */
export function bucketAccessActions(access: BucketAccess): string[] {
  return [...BUCKET_ACTIONS[access].bucket, ...BUCKET_ACTIONS[access].objects, ...KEY_ACTIONS[access]];
}

function sid(key: string): string {
  return key
    .split("-")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}

export function bucketStatements(
  grants: Record<string, BucketAccess>,
  context: Pick<AppAwsContext, "buckets" | "bucketKeyArn">,
): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  const keys = Object.keys(grants).sort();
  for (const key of keys) {
    const bucket = context.buckets[key];
    if (!bucket) throw new Error(`no artifact bucket named "${key}" (slipway:artifacts.buckets)`);
    const actions = BUCKET_ACTIONS[grants[key]];
    statements.push({ Sid: `${sid(key)}Bucket`, Effect: "Allow", Action: actions.bucket, Resource: bucket.arn });
    statements.push({
      Sid: `${sid(key)}Objects`,
      Effect: "Allow",
      Action: actions.objects,
      Resource: pulumi.interpolate`${bucket.arn}/*`,
    });
  }
  if (context.bucketKeyArn && keys.length > 0) {
    const writes = keys.some((key) => grants[key] === "readWrite");
    statements.push({
      Sid: "BucketKey",
      Effect: "Allow",
      Action: KEY_ACTIONS[writes ? "readWrite" : "read"],
      Resource: context.bucketKeyArn,
      // Only through S3: the key cannot be used directly to decrypt anything else.
      Condition: { StringLike: { "kms:ViaService": "s3.*.amazonaws.com" } },
    });
  }
  return statements;
}
