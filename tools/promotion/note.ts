/**
 * What the pull request workflow says about a promotion: for each `Slipway-Promotion` trailer in the
 * pull request's commits, which release of which app it moves, and whether the target stack file at
 * the pull request's head really runs that image. A trailer is the author's claim (anyone can write
 * one), so the note checks it against the file and says when they disagree; the release's own record
 * is in `npm run releases -- --stack <from>`.
 */
import { parse } from "yaml";
import { APPS_KEY, isPlainObject } from "../release-history/recorded-config";
import { parseTrailers, type Promotion } from "./trailer";

/** The app's image in a stack file as `repository[:tag]@digest`, or undefined. */
function imageIn(text: string | undefined, app: string): string | undefined {
  const config: unknown = text === undefined ? undefined : (parse(text) as { config?: unknown } | null)?.config;
  const apps = isPlainObject(config) ? config[APPS_KEY] : undefined;
  const appConfig = isPlainObject(apps) ? apps[app] : undefined;
  const image = isPlainObject(appConfig) ? appConfig.image : undefined;
  if (!isPlainObject(image) || typeof image.repository !== "string" || typeof image.digest !== "string")
    return undefined;
  return `${image.repository}${typeof image.tag === "string" ? `:${image.tag}` : ""}@${image.digest}`;
}

function line(promotion: Promotion, readStackFile: (stack: string) => string | undefined): string {
  const { app, from, to, release, verified, image } = promotion;
  const claim = `promotes release v${release} of \`${app}\` from \`${from}\`, verified at ${verified}, to \`${to}\`: \`${image}\``;
  const found = imageIn(readStackFile(to), app);
  if (found === image) return `- This pull request ${claim}. \`Pulumi.${to}.yaml\` runs exactly that image.`;
  return `- :warning: A commit says it ${claim}, but \`Pulumi.${to}.yaml\` runs ${found ? `\`${found}\`` : "no image by digest for it"}.`;
}

/** The note in Markdown, or "" when no commit is a promotion. */
export function promotionNote(messages: string[], readStackFile: (stack: string) => string | undefined): string {
  const promotions = messages.flatMap(parseTrailers);
  if (promotions.length === 0) return "";
  const lines = promotions.map((p) => line(p, readStackFile));
  const sources = [...new Set(promotions.map((p) => p.from))].map((s) => `\`npm run releases -- --stack ${s}\``);
  return [
    "### Promotion",
    "",
    ...lines,
    "",
    `Written by \`npm run promote\`, which moves only the image a succeeded release ran (never a failed or rolled-back one); the release's record: ${sources.join(", ")}.`,
  ].join("\n");
}
