/** Zod types for values AWS is strict about: CIDRs, ARNs, resource ids, names, retention periods. */
import { z } from "zod";
import { isNetworkAddress, parseCidr, type Cidr } from "./cidr";
import { integer } from "./primitives";

/** The block a text that passed the first check names (that check aborts on any other text). */
function cidrOf(text: string): Cidr {
  const cidr = parseCidr(text);
  if (!cidr) throw new Error(`${text}: not an IPv4 CIDR (the first check refuses it)`);
  return cidr;
}

export const cidrBlock = z
  .string({ error: "expected an IPv4 CIDR such as 203.0.113.0/24" })
  // abort: the later checks read the parsed block, so a text that is no CIDR stops here.
  .refine((text) => parseCidr(text) !== undefined, {
    error: "expected an IPv4 CIDR such as 203.0.113.0/24 (address/prefix, prefix 0–32, no spaces)",
    abort: true,
  })
  .refine((text) => isNetworkAddress(cidrOf(text)), {
    error: "expected a network address (host bits zero), e.g. 203.0.113.0/24",
    abort: true,
  });

/** /16–/20 leaves room for the subnet layout: private /19–/23 per zone and public /22–/26. */
export const vpcCidr = cidrBlock.refine(
  (text) => {
    const { prefix } = cidrOf(text);
    return prefix >= 16 && prefix <= 20;
  },
  {
    error: "expected a VPC CIDR from /16 to /20, e.g. 10.0.0.0/16",
  },
);

/** An IAM role or user that may be granted cluster access. */
export const iamPrincipalArn = z
  .string({ error: "expected an IAM role or user ARN such as arn:aws:iam::123456789012:role/platform-admins" })
  .regex(/^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/, {
    error: "expected an IAM role or user ARN such as arn:aws:iam::123456789012:role/platform-admins",
  });

/** An IAM role, such as the deploy role a CI job of another stack assumes. */
export const iamRoleArn = z
  .string({ error: "expected an IAM role ARN such as arn:aws:iam::123456789012:role/team-a-deploy" })
  .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, {
    error: "expected an IAM role ARN such as arn:aws:iam::123456789012:role/team-a-deploy",
  });

export function awsId(what: string, prefix: string) {
  const error = `expected ${what} such as ${prefix}-0123456789abcdef0`;
  return z.string({ error }).regex(new RegExp(`^${prefix}-[0-9a-f]{8,17}$`), { error });
}

/** The values CloudWatch Logs accepts for retentionInDays. */
const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];
export const logRetentionDays = integer(1, 3653).refine((days) => RETENTION_DAYS.includes(days), {
  error: `expected a CloudWatch Logs retention in days: one of ${RETENTION_DAYS.join(", ")}`,
});

/** S3 bucket naming rules (general purpose buckets), without the dotted forms that break TLS. */
export const s3BucketName = z
  .string({ error: "expected an S3 bucket name" })
  .regex(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, {
    error:
      "expected an S3 bucket name: 3–63 lowercase letters, digits and '-', starting and ending with a letter or digit",
  })
  .refine((name) => !/^xn--|^sthree-|-s3alias$|--ol-s3$/.test(name), {
    error: "expected an S3 bucket name without a reserved prefix or suffix",
  });

/** An ECR repository path prefix such as `slipway/prod` (lowercase components separated by '/'). */
export const ecrPathPrefix = z
  .string({ error: "expected a repository prefix such as slipway/prod" })
  .max(200, { error: "expected a repository prefix of at most 200 characters" })
  .regex(/^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/, {
    error:
      "expected a repository prefix such as slipway/prod (lowercase letters, digits, '.', '_', '-', separated by '/')",
  });

/** `host[:port]` of a registry, e.g. `localhost:5001`. */
export const registryHost = z
  .string({ error: "expected a registry host such as localhost:5001" })
  .regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?$/, {
    error: "expected a registry host such as localhost:5001 (no scheme, no path)",
  });
