import type { Registration } from "../tools/harness/mock-engine";
import { A, check, resource, urnOf } from "./support/policy";

const ARN = "arn:aws:s3:::acme-artifacts";

function tlsPolicy(overrides: Record<string, unknown> = {}) {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [ARN, `${ARN}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
        ...overrides,
      },
    ],
  });
}

/** A bucket and the companions that configure it, each naming the bucket through a property dependency. */
function hardenedBucket(name = "artifacts", bucketType: string = A.bucketV2): Registration[] {
  const bucket = resource(bucketType, name, { bucket: `acme-${name}` });
  const child = (type: string, inputs: Record<string, unknown>) =>
    resource(type, name, { bucket: `acme-${name}`, ...inputs }, { propertyDependencies: { bucket: [bucket.urn] } });
  return [
    bucket,
    child(A.versioning, { versioningConfiguration: { status: "Enabled" } }),
    child(A.encryption, {
      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "arn:aws:kms:key" } }],
    }),
    child(A.publicAccessBlock, {
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    }),
    child(A.bucketPolicy, { policy: tlsPolicy() }),
  ];
}

const without = (resources: Registration[], type: string) => resources.filter((r) => r.type !== type);
const replacing = (resources: Registration[], type: string, inputs: Record<string, unknown>) =>
  resources.map((r) => (r.type === type ? { ...r, inputs: { ...r.inputs, ...inputs } } : r));

const S3_POLICIES = ["s3-versioning", "s3-encryption", "s3-public-access-block", "s3-tls-only"];

describe("S3 stack policies", () => {
  test.each(S3_POLICIES)("%s passes for a hardened bucket (BucketV2 and Bucket)", async (policy) => {
    expect(await check(policy, [...hardenedBucket("a", A.bucketV2), ...hardenedBucket("b", A.bucket)])).toEqual([]);
  });

  test("a companion with a recorded dependency configures that bucket alone, whatever bucket its value names", async () => {
    // b's companions name a's bucket by value but depend on b.
    const misnamed = hardenedBucket("b").map((r) =>
      r.type === A.bucketV2 ? r : { ...r, inputs: { ...r.inputs, bucket: "acme-a" } },
    );
    const bare = resource(A.bucketV2, "a", { bucket: "acme-a" });
    for (const policy of S3_POLICIES)
      expect([policy, (await check(policy, [bare, ...misnamed])).map((v) => v.urn)]).toEqual([policy, [bare.urn]]);
  });

  test("s3-versioning fails without versioning, or with versioning suspended", async () => {
    const missing = await check("s3-versioning", without(hardenedBucket(), A.versioning));
    expect(missing).toEqual([
      {
        policy: "s3-versioning",
        enforcement: "mandatory",
        urn: urnOf(A.bucketV2, "artifacts"),
        message: "bucket artifacts: no BucketVersioning with status Enabled",
      },
    ]);
    const suspended = await check(
      "s3-versioning",
      replacing(hardenedBucket(), A.versioning, { versioningConfiguration: { status: "Suspended" } }),
    );
    expect(suspended).toHaveLength(1);
  });

  test("s3-encryption fails without a default encryption rule", async () => {
    expect((await check("s3-encryption", without(hardenedBucket(), A.encryption))).map((v) => v.message)).toEqual([
      "bucket artifacts: no server-side encryption configuration with aws:kms, aws:kms:dsse or AES256",
    ]);
    expect(
      await check("s3-encryption", replacing(hardenedBucket(), A.encryption, { rules: [{ bucketKeyEnabled: true }] })),
    ).toHaveLength(1);
  });

  test("s3-public-access-block fails without the block, and names each setting left off", async () => {
    expect(
      (await check("s3-public-access-block", without(hardenedBucket(), A.publicAccessBlock))).map((v) => v.message),
    ).toEqual(["bucket artifacts: no BucketPublicAccessBlock"]);
    const partial = replacing(hardenedBucket(), A.publicAccessBlock, {
      ignorePublicAcls: false,
      restrictPublicBuckets: undefined,
    });
    expect((await check("s3-public-access-block", partial)).map((v) => v.message)).toEqual([
      "bucket artifacts: public access block does not set ignorePublicAcls, restrictPublicBuckets to true",
    ]);
  });

  test.each([
    ["no bucket policy", without(hardenedBucket(), A.bucketPolicy)],
    [
      "an Allow instead of a Deny",
      replacing(hardenedBucket(), A.bucketPolicy, { policy: tlsPolicy({ Effect: "Allow" }) }),
    ],
    [
      "no SecureTransport condition",
      replacing(hardenedBucket(), A.bucketPolicy, { policy: tlsPolicy({ Condition: undefined }) }),
    ],
    [
      "only the objects covered",
      replacing(hardenedBucket(), A.bucketPolicy, { policy: tlsPolicy({ Resource: `${ARN}/*` }) }),
    ],
    [
      "one principal only",
      replacing(hardenedBucket(), A.bucketPolicy, { policy: tlsPolicy({ Principal: { AWS: "arn:aws:iam::1:root" } }) }),
    ],
    ["a policy that is not JSON", replacing(hardenedBucket(), A.bucketPolicy, { policy: "{not json" })],
  ])("s3-tls-only fails with %s", async (_case, resources) => {
    expect((await check("s3-tls-only", resources)).map((v) => v.message)).toEqual([
      "bucket artifacts: no bucket policy denying non-TLS access to the bucket and its objects",
    ]);
  });

  test('s3-tls-only accepts a policy document object and Principal { AWS: "*" }', async () => {
    const document = JSON.parse(
      tlsPolicy({ Principal: { AWS: ["*"] }, Condition: { Bool: { "aws:SecureTransport": false } } }),
    );
    expect(await check("s3-tls-only", replacing(hardenedBucket(), A.bucketPolicy, { policy: document }))).toEqual([]);
  });

  test("a companion configures only the bucket it depends on", async () => {
    const [, versioning] = hardenedBucket("a");
    const other = resource(A.bucketV2, "b", { bucket: "acme-b" });
    const verdicts = await check("s3-versioning", [...without(hardenedBucket("a"), A.versioning), versioning, other]);
    expect(verdicts.map((v) => v.urn)).toEqual([other.urn]);
  });

  test("without a recorded dependency, a companion is matched by the bucket's name", async () => {
    const bucket = resource(A.bucketV2, "named", { bucket: "acme-named" });
    const versioning = resource(A.versioningV2, "named", {
      bucket: "acme-named",
      versioningConfiguration: { status: "Enabled" },
    });
    const elsewhere = resource(A.versioningV2, "other", {
      bucket: "acme-other",
      versioningConfiguration: { status: "Enabled" },
    });
    expect(await check("s3-versioning", [bucket, versioning])).toEqual([]);
    expect(await check("s3-versioning", [bucket, elsewhere])).toHaveLength(1);
  });
});
