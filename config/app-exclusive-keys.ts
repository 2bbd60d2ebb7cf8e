/**
 * Keys of an app that exclude each other: it runs an image or a build (exactly one), and takes AWS
 * access from `aws` or from `serviceAccount.iamRoleArn` (at most one). They need nothing but the app,
 * so they are reported whatever the other sections hold, in every layer.
 */
import type { AppConfig } from "./app";
import type { ConfigProblem } from "./errors";

type AppSettings = Pick<AppConfig, "image" | "build" | "aws" | "serviceAccount">;

function exclusiveKeyProblems(app: string, { image, build, aws, serviceAccount }: AppSettings): ConfigProblem[] {
  const key = `slipway:apps.${app}`;
  const problems: ConfigProblem[] = [];
  if (image === undefined && build === undefined)
    problems.push({ key: `${key}.image`, message: "expected an image or a build" });
  if (image !== undefined && build !== undefined)
    problems.push({
      key: `${key}.build`,
      message: `expected either build or image, not both (${key}.image is also set)`,
    });
  if (aws !== undefined && serviceAccount?.iamRoleArn !== undefined)
    problems.push({
      key: `${key}.aws`,
      message: `expected either aws or serviceAccount.iamRoleArn, not both (${key}.serviceAccount.iamRoleArn is also set)`,
    });
  return problems;
}

export function appExclusiveKeyProblems({ apps }: { apps: Record<string, AppSettings> }): ConfigProblem[] {
  return Object.keys(apps)
    .sort()
    .flatMap((app) => exclusiveKeyProblems(app, apps[app]));
}
