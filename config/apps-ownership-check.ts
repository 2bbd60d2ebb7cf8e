/**
 * What an apps stack's apps claim against what its platform grants the stack: every domain must lie
 * within one of the stack's hostname grants, and every bucket an app is given access to must be one
 * of the stack's buckets. Without this a team could list another team's hostname (or a wildcard over
 * it) and get its route, Gateway listener and certificate, or read and write another team's bucket.
 */
import type { AppSettings } from "./app";
import type { ConfigProblem } from "./errors";
import { grantFor, overlappingGrants } from "./hostname-grants";
import type { PlatformForApps } from "./platform-outputs";

interface Names {
  stack: string;
  platformStack: string;
}

const listed = (names: readonly string[]) => (names.length > 0 ? names.join(", ") : "nothing");

/** Other stacks' grants a claimed name shares a hostname with, for the message. */
function othersSharing(name: string, platform: PlatformForApps, stack: string): string {
  const others = overlappingGrants(name, platform.appStacks).filter(([owner]) => owner !== stack);
  return others.length > 0
    ? ` (it overlaps ${others.map(([owner, grant]) => `${grant}, granted to stack ${owner}`).join("; ")})`
    : "";
}

type Apps = Record<string, Pick<AppSettings, "domains" | "aws">>;

function domainProblems(apps: Apps, platform: PlatformForApps, names: Names): ConfigProblem[] {
  const granted = Object.hasOwn(platform.appStacks, names.stack) ? platform.appStacks[names.stack].hostnames : [];
  const problems: ConfigProblem[] = [];
  for (const app of Object.keys(apps).sort()) {
    apps[app].domains.forEach((domain, index) => {
      const key = `slipway:apps.${app}.domains[${index}]`;
      const grant = grantFor(domain, granted);
      if (grant === undefined) {
        problems.push({
          key,
          message: `${domain} is not granted to this stack by platform stack ${names.platformStack}${othersSharing(domain, platform, names.stack)}; granted: ${listed(granted)}. The platform grants it in slipway:cluster.access.appStacks.${names.stack}.hostnames`,
        });
      } else if (grant !== domain && domain.slice(0, -(grant.length - 1)).includes(".")) {
        // The listener and its certificate are the grant's: a TLS wildcard covers one label only.
        problems.push({
          key,
          message: `${domain} is more than one label under the granted ${grant}, whose wildcard certificate covers one label only: ask the platform for a grant of its own`,
        });
      }
    });
  }
  return problems;
}

function bucketProblems(apps: Apps, platform: PlatformForApps, names: Names): ConfigProblem[] {
  const granted = Object.hasOwn(platform.appStacks, names.stack) ? platform.appStacks[names.stack].buckets : [];
  return Object.keys(apps)
    .sort()
    .flatMap((app) =>
      Object.keys(apps[app].aws?.buckets ?? {})
        .sort()
        .filter((bucket) => !granted.includes(bucket))
        .map((bucket) => ({
          key: `slipway:apps.${app}.aws.buckets.${bucket}`,
          message: `${bucket} is not granted to this stack by platform stack ${names.platformStack}; granted: ${listed(granted)}. The platform grants it in slipway:cluster.access.appStacks.${names.stack}.buckets`,
        })),
    );
}

export function ownershipProblems(apps: Apps, platform: PlatformForApps, names: Names): ConfigProblem[] {
  return [...domainProblems(apps, platform, names), ...bucketProblems(apps, platform, names)];
}
