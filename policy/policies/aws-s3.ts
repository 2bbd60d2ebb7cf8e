/**
 * S3 buckets are configured by separate resources (versioning, encryption, public access block,
 * policy), so each check is a stack policy that looks for the bucket's companions.
 */
import type { PolicyResource, ReportViolation, StackValidationPolicy } from "@pulumi/policy";
import { Bucket } from "@pulumi/aws/s3/bucket";
import { BucketPolicy } from "@pulumi/aws/s3/bucketPolicy";
import { BucketPublicAccessBlock } from "@pulumi/aws/s3/bucketPublicAccessBlock";
import { BucketServerSideEncryptionConfiguration } from "@pulumi/aws/s3/bucketServerSideEncryptionConfiguration";
import { BucketServerSideEncryptionConfigurationV2 } from "@pulumi/aws/s3/bucketServerSideEncryptionConfigurationV2";
import { BucketV2 } from "@pulumi/aws/s3/bucketV2";
import { BucketVersioning } from "@pulumi/aws/s3/bucketVersioning";
import { BucketVersioningV2 } from "@pulumi/aws/s3/bucketVersioningV2";
import { configuringIndex, type ResourceClass } from "./lib/related";

type Companions = (classes: ResourceClass[]) => PolicyResource[];
type BucketCheck = (bucket: PolicyResource, companions: Companions, report: (message: string) => void) => void;

/** Runs `check` on every bucket in the stack, with a finder for the resources that configure it. */
function eachBucket(check: BucketCheck) {
  return (args: { resources: PolicyResource[] }, reportViolation: ReportViolation) => {
    const buckets = args.resources.filter((r) => r.isType(Bucket) || r.isType(BucketV2));
    const configuring = configuringIndex(args.resources, buckets, "bucket", "bucket");
    for (const bucket of buckets) {
      const companions: Companions = (classes) => configuring(bucket, classes);
      check(bucket, companions, (message) => reportViolation(`bucket ${bucket.name}: ${message}`, bucket.urn));
    }
  };
}

const versioning: StackValidationPolicy = {
  name: "s3-versioning",
  description: "Every S3 bucket has versioning enabled, so overwritten or deleted objects can be recovered.",
  remediationSteps: 'Add an aws.s3.BucketVersioning with versioningConfiguration.status "Enabled" for the bucket.',
  validateStack: eachBucket((_bucket, companions, report) => {
    const enabled = companions([BucketVersioning, BucketVersioningV2]).some(
      (v) => v.props.versioningConfiguration?.status === "Enabled",
    );
    if (!enabled) report("no BucketVersioning with status Enabled");
  }),
};

const ENCRYPTION = new Set(["aws:kms", "aws:kms:dsse", "AES256"]);

const encryption: StackValidationPolicy = {
  name: "s3-encryption",
  description: "Every S3 bucket has default server-side encryption configured (SSE-KMS or SSE-S3).",
  remediationSteps:
    "Add an aws.s3.BucketServerSideEncryptionConfiguration with applyServerSideEncryptionByDefault.sseAlgorithm aws:kms (or AES256).",
  validateStack: eachBucket((_bucket, companions, report) => {
    const configs = companions([BucketServerSideEncryptionConfiguration, BucketServerSideEncryptionConfigurationV2]);
    const encrypted = configs.some((c) =>
      (c.props.rules ?? []).some((rule: any) => ENCRYPTION.has(rule.applyServerSideEncryptionByDefault?.sseAlgorithm)),
    );
    if (!encrypted) report("no server-side encryption configuration with aws:kms, aws:kms:dsse or AES256");
  }),
};

const BLOCKS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

const publicAccessBlock: StackValidationPolicy = {
  name: "s3-public-access-block",
  description: "Every S3 bucket blocks public access with all four public-access-block settings.",
  remediationSteps: `Add an aws.s3.BucketPublicAccessBlock with ${BLOCKS.join(", ")} all true.`,
  validateStack: eachBucket((_bucket, companions, report) => {
    const blocks = companions([BucketPublicAccessBlock]);
    if (blocks.length === 0) return report("no BucketPublicAccessBlock");
    const missing = BLOCKS.filter((key) => !blocks.some((b) => b.props[key] === true));
    if (missing.length > 0) report(`public access block does not set ${missing.join(", ")} to true`);
  }),
};

interface Statement {
  Effect?: string;
  Principal?: unknown;
  Action?: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

/** A statement denying every principal every S3 action over plain HTTP, on the bucket and its objects. */
function deniesInsecureTransport(statement: Statement): boolean {
  const principal = statement.Principal as { AWS?: unknown } | string | undefined;
  const everyone = principal === "*" || (typeof principal === "object" && [principal.AWS].flat().includes("*"));
  const actions = [statement.Action].flat();
  const condition = statement.Condition?.Bool ?? statement.Condition?.BoolIfExists;
  const resources = [statement.Resource].flat().filter((r): r is string => typeof r === "string");
  return (
    statement.Effect === "Deny" &&
    everyone &&
    (actions.includes("s3:*") || actions.includes("*")) &&
    String(condition?.["aws:SecureTransport"]) === "false" &&
    resources.some((r) => r.endsWith("/*")) &&
    resources.some((r) => !r.endsWith("/*"))
  );
}

function statementsOf(policy: unknown): Statement[] {
  let document = policy;
  if (typeof policy === "string") {
    try {
      document = JSON.parse(policy);
    } catch {
      return [];
    }
  }
  const statements = (document as { Statement?: Statement | Statement[] } | undefined)?.Statement;
  return statements === undefined ? [] : [statements].flat();
}

const tlsOnly: StackValidationPolicy = {
  name: "s3-tls-only",
  description:
    "Every S3 bucket has a bucket policy that denies requests not made over TLS (aws:SecureTransport false).",
  remediationSteps:
    "Add an aws.s3.BucketPolicy with a Deny of s3:* for Principal * on the bucket and bucket/* when aws:SecureTransport is false.",
  validateStack: eachBucket((_bucket, companions, report) => {
    const policies = companions([BucketPolicy]);
    if (!policies.some((p) => statementsOf(p.props.policy).some(deniesInsecureTransport))) {
      report("no bucket policy denying non-TLS access to the bucket and its objects");
    }
  }),
};

export const s3Policies: StackValidationPolicy[] = [versioning, encryption, publicAccessBlock, tlsOnly];
