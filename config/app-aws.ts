/**
 * `slipway:apps.<app>.aws`: the AWS access an app asks for. Slipway turns it into an IRSA role trusted
 * by exactly the app's service account, with least-privilege permissions on the named resources.
 */
import { z } from "zod";
import { bucketKey } from "./artifacts";

const BUCKET_ACCESS = ["read", "readWrite"] as const;
export type BucketAccess = (typeof BUCKET_ACCESS)[number];

export const appAwsSchema = z
  .strictObject({
    /** Artifact buckets (keys of slipway:artifacts.buckets) and the access to each. */
    buckets: z.record(bucketKey, z.enum(BUCKET_ACCESS, { error: "expected read or readWrite" })).default({}),
  })
  .refine((aws) => Object.keys(aws.buckets).length > 0, {
    error: "expected at least one grant, e.g. buckets: { build-artifacts: readWrite }",
  });
