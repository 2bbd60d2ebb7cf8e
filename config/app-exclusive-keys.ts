/**
 * Keys of an app that exclude each other: it runs an image or a build (exactly one), and takes AWS
 * access from `aws` or from `serviceAccount.iamRoleArn` (at most one). They need nothing but the app,
 * so they are reported whatever the other sections hold, in every layer. The type the program gets,
 * AppConfig, says the first: components branch on `build` and find `image` set otherwise.
 */
import type { AppSettings } from "./app";
import type { BuildConfig } from "./build";
import type { ConfigProblem } from "./errors";

type ImageConfig = NonNullable<AppSettings["image"]>;

/** An app as the program receives it: either an image or a build, never both, never neither. */
export type AppConfig = Omit<AppSettings, "image" | "build"> &
  ({ image: ImageConfig; build?: undefined } | { build: BuildConfig; image?: undefined });

type Exclusive = Pick<AppSettings, "image" | "build" | "aws" | "serviceAccount">;

/** Exactly one of `image` and `build`: what the rule below refuses otherwise. */
const hasOneImage = (app: Exclusive): boolean => (app.image === undefined) !== (app.build === undefined);
const runsOneImage = (app: AppSettings): app is AppSettings & AppConfig => hasOneImage(app);

function exclusiveKeyProblems(app: string, settings: Exclusive): ConfigProblem[] {
  const key = `slipway:apps.${app}`;
  const problems: ConfigProblem[] = [];
  if (!hasOneImage(settings))
    problems.push(
      settings.image === undefined
        ? { key: `${key}.image`, message: "expected an image or a build" }
        : { key: `${key}.build`, message: `expected either build or image, not both (${key}.image is also set)` },
    );
  if (settings.aws !== undefined && settings.serviceAccount?.iamRoleArn !== undefined)
    problems.push({
      key: `${key}.aws`,
      message: `expected either aws or serviceAccount.iamRoleArn, not both (${key}.serviceAccount.iamRoleArn is also set)`,
    });
  return problems;
}

export function appExclusiveKeyProblems({ apps }: { apps: Record<string, Exclusive> }): ConfigProblem[] {
  return Object.keys(apps)
    .sort()
    .flatMap((app) => exclusiveKeyProblems(app, apps[app]));
}

/**
 * The parsed apps as AppConfig. The stack schema runs this only once its rules have passed, so an app
 * with neither or both was already reported with its key; the error here marks a rule left out.
 */
export function withOneImage(apps: Record<string, AppSettings>): Record<string, AppConfig> {
  const checked: Record<string, AppConfig> = {};
  for (const [name, app] of Object.entries(apps)) {
    if (!runsOneImage(app))
      throw new Error(`slipway:apps.${name}: reached the program without exactly one of image and build`);
    checked[name] = app;
  }
  return checked;
}
