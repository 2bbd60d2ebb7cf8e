/**
 * What an apps stack's platform grants it, read where the engine shows it to stack policies: the
 * `platformForApps` output of the platform's StackReference (stack policies see each resource's
 * outputs, pulumi/pulumi v3.248.0 pkg/resource/deploy/step_generator.go:3249). The apps stack's own
 * config cannot widen it: the platform stack wrote it. The shape is config/platform-outputs.ts's.
 */
import type { PolicyResource } from "@pulumi/policy";

export interface PlatformGrant {
  hostnames: string[];
  /** The granted buckets' names (from their ARNs). */
  buckets: string[];
  /** The IAM OIDC provider IRSA roles must trust, and its issuer (host and path). */
  oidc?: { providerArn: string; issuer: string };
  /** The managed policy every role the stack creates must carry as its permissions boundary. */
  permissionsBoundaryArn?: string;
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];

const asRecord = (value: unknown): Record<string, any> =>
  value !== null && typeof value === "object" ? (value as Record<string, any>) : {};

/** An S3 ARN's bucket name (`arn:aws:s3:::name` or `arn:aws:s3:::name/key`). */
export function s3BucketOf(arn: string): string | undefined {
  return /^arn:[^:]+:s3:::([^/]*)/.exec(arn)?.[1];
}

/** The stack's grant, or a reason it cannot be read (no platform reference, or more than one). */
export function platformGrant(resources: PolicyResource[], stack: string): PlatformGrant | string {
  const platforms = resources
    .filter((r) => r.type === "pulumi:pulumi:StackReference")
    .map((r) => asRecord(asRecord(r.props.outputs).platformForApps))
    .filter((forApps) => "appStacks" in forApps);
  if (platforms.length !== 1)
    return `expected one StackReference to the platform stack with its platformForApps output, found ${platforms.length}: what the platform grants this stack cannot be read`;
  const [forApps] = platforms;
  const grant = asRecord(asRecord(forApps.appStacks)[stack]);
  const buckets = asRecord(asRecord(forApps.artifacts).buckets);
  const oidc = asRecord(asRecord(forApps.cluster).oidc);
  const boundary = grant.permissionsBoundaryArn;
  return {
    hostnames: strings(grant.hostnames),
    buckets: strings(grant.buckets).flatMap((key) => {
      const name = s3BucketOf(String(asRecord(buckets[key]).arn));
      return name ? [name] : [];
    }),
    oidc:
      typeof oidc.providerArn === "string" && typeof oidc.issuer === "string"
        ? { providerArn: oidc.providerArn, issuer: oidc.issuer }
        : undefined,
    permissionsBoundaryArn: typeof boundary === "string" ? boundary : undefined,
  };
}
