import { A, eksCluster } from "../support/aws";
import { at, find, ofType, render, T, webApp } from "../support/stack";
import type { RenderResult } from "../../tools/harness/render-stack";

const ARN = "arn:aws:s3:::";
const byType = (result: RenderResult, type: string, bucket: string) =>
  find(result, `aws:s3/${type}`, `artifacts-${bucket}`).inputs;

describe("artifact buckets", () => {
  let result: RenderResult;
  beforeAll(async () => {
    result = await render({
      environment: "dev",
      cluster: eksCluster(),
      artifacts: {
        noncurrentVersionDays: 10,
        buckets: {
          "build-artifacts": { expireAfterDays: 30 },
          "db-backups": { name: "acme-db-backups", noncurrentVersionDays: 35 },
        },
      },
      apps: {
        web: webApp({ aws: { buckets: { "build-artifacts": "read" } } }),
        backup: webApp({ aws: { buckets: { "db-backups": "readWrite", "build-artifacts": "read" } } }),
        plain: webApp(),
      },
    });
  });

  test("bucket names: unique per stack, account and key by default, or as configured", () => {
    expect(
      ofType(result, A.bucket)
        .map((b) => b.inputs.bucket)
        .sort(),
    ).toEqual(["acme-db-backups", "slipway-test-build-artifacts-123456789012"]);
    for (const bucket of ofType(result, A.bucket)) expect(bucket.inputs.forceDestroy).toBe(false);
  });

  test.each(["build-artifacts", "db-backups"])(
    "%s: versioned, SSE-KMS with a bucket key, all public access blocked, ACLs disabled",
    (bucket) => {
      expect(byType(result, "bucketVersioning:BucketVersioning", bucket).versioningConfiguration).toEqual({
        status: "Enabled",
      });
      const [rule] = byType(
        result,
        "bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        bucket,
      ).rules as object[];
      expect(rule).toMatchObject({
        applyServerSideEncryptionByDefault: {
          sseAlgorithm: "aws:kms",
          kmsMasterKeyId: expect.stringMatching(/^arn:aws:kms:/),
        },
        bucketKeyEnabled: true,
      });
      expect(byType(result, "bucketPublicAccessBlock:BucketPublicAccessBlock", bucket)).toMatchObject({
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      });
      expect(byType(result, "bucketOwnershipControls:BucketOwnershipControls", bucket).rule).toEqual({
        objectOwnership: "BucketOwnerEnforced",
      });
    },
  );

  test("the bucket policy denies every request not made over TLS 1.2+", () => {
    const policy = JSON.parse(byType(result, "bucketPolicy:BucketPolicy", "db-backups").policy as string);
    const resources = [`${ARN}acme-db-backups`, `${ARN}acme-db-backups/*`];
    expect(policy.Statement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: resources,
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        }),
        expect.objectContaining({
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: resources,
          Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
        }),
      ]),
    );
    expect(policy.Statement.every((s: { Effect: string }) => s.Effect === "Deny")).toBe(true);
  });

  test("lifecycle: old versions expire after D days, abandoned uploads are aborted, current objects expire only when configured", () => {
    type Rule = {
      status: string;
      noncurrentVersionExpiration?: { noncurrentDays: number };
      abortIncompleteMultipartUpload?: { daysAfterInitiation: number };
      expiration?: { days?: number };
    };
    const rules = (bucket: string) =>
      byType(result, "bucketLifecycleConfiguration:BucketLifecycleConfiguration", bucket).rules as Rule[];
    for (const [bucket, days] of [
      ["build-artifacts", 10],
      ["db-backups", 35],
    ] as const) {
      expect(rules(bucket).every((r) => r.status === "Enabled")).toBe(true);
      expect(
        rules(bucket).flatMap((r) =>
          r.noncurrentVersionExpiration ? [r.noncurrentVersionExpiration.noncurrentDays] : [],
        ),
      ).toEqual([days]);
      expect(
        rules(bucket).flatMap((r) =>
          r.abortIncompleteMultipartUpload ? [r.abortIncompleteMultipartUpload.daysAfterInitiation] : [],
        ),
      ).toEqual([7]);
    }
    expect(rules("build-artifacts").flatMap((r) => r.expiration?.days ?? [])).toEqual([30]);
    expect(rules("db-backups").flatMap((r) => r.expiration?.days ?? [])).toEqual([]);
  });

  test("one customer managed key with rotation encrypts all buckets", () => {
    const keys = ofType(result, A.key).filter((k) => k.name === "artifacts-key");
    expect(keys).toHaveLength(1);
    expect(keys[0].inputs.enableKeyRotation).toBe(true);
  });

  test("SSE-S3 when configured: AES256 and no key", async () => {
    const s3 = await render({
      environment: "dev",
      cluster: eksCluster(),
      artifacts: { encryption: "s3", buckets: { logs: {} } },
      apps: {},
    });
    const [rule] = byType(s3, "bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "logs")
      .rules as object[];
    expect(rule).toEqual({ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } });
    expect(ofType(s3, A.key).filter((k) => k.name === "artifacts-key")).toEqual([]);
  });

  describe("app AWS access", () => {
    const policyOf = (app: string) => JSON.parse(find(result, A.rolePolicy, `${app}-aws`).inputs.policy as string);

    test("the app's role trusts exactly its own service account, with audience sts.amazonaws.com", () => {
      const trust = JSON.parse(find(result, A.role, "web-aws").inputs.assumeRolePolicy as string);
      expect(trust.Statement).toHaveLength(1);
      const conditions = trust.Statement[0].Condition.StringEquals;
      const keys = Object.keys(conditions).sort();
      expect(keys).toHaveLength(2);
      expect(keys[0]).toMatch(/^oidc\.eks\.eu-west-1\.amazonaws\.com\/id\/[0-9A-F]{32}:aud$/);
      expect(conditions[keys[0]]).toBe("sts.amazonaws.com");
      expect(conditions[keys[1]]).toBe("system:serviceaccount:web:web");
      expect(trust.Statement[0].Action).toBe("sts:AssumeRoleWithWebIdentity");
    });

    test("read access: list and get on that one bucket, decrypt through S3 only; nothing else", () => {
      const statements = policyOf("web").Statement;
      const bucket = `${ARN}slipway-test-build-artifacts-123456789012`;
      const actions = statements.flatMap((s: { Action: string[] }) => s.Action);
      expect(actions.filter((a: string) => /Put|Delete|Abort|GenerateDataKey/.test(a))).toEqual([]);
      expect(
        statements
          .filter((s: { Resource: string }) => s.Resource.startsWith(ARN))
          .map((s: { Resource: string }) => s.Resource)
          .sort(),
      ).toEqual([bucket, `${bucket}/*`]);
      const kms = statements.find((s: { Sid: string }) => s.Sid === "BucketKey");
      expect(kms).toMatchObject({
        Action: ["kms:Decrypt"],
        Condition: { StringLike: { "kms:ViaService": "s3.*.amazonaws.com" } },
      });
      expect(kms.Resource).toMatch(/^arn:aws:kms:/);
    });

    test("readWrite adds writes on that bucket only, and data keys to encrypt", () => {
      const statements = policyOf("backup").Statement as Array<{ Sid: string; Action: string[]; Resource: string }>;
      const on = (resource: string) => statements.filter((s) => s.Resource === resource).flatMap((s) => s.Action);
      expect(on(`${ARN}acme-db-backups/*`)).toEqual(
        expect.arrayContaining(["s3:PutObject", "s3:DeleteObject", "s3:GetObject"]),
      );
      expect(on(`${ARN}slipway-test-build-artifacts-123456789012/*`)).not.toContain("s3:PutObject");
      expect(statements.find((s) => s.Sid === "BucketKey")!.Action).toEqual(["kms:Decrypt", "kms:GenerateDataKey"]);
    });

    test("the service account is annotated with the role, under the stack's app role path; apps without aws get neither", () => {
      const annotations = at(find(result, T.serviceAccount, "web-sa").inputs, "metadata.annotations");
      expect(annotations["eks.amazonaws.com/role-arn"]).toMatch(
        /^arn:aws:iam::123456789012:role\/slipway\/apps\/test\/web-aws-/,
      );
      expect(at(find(result, T.serviceAccount, "plain-sa").inputs, "metadata.annotations")).toBeUndefined();
      expect(result.resources.filter((r) => r.name === "plain-aws")).toEqual([]);
    });
  });
});
