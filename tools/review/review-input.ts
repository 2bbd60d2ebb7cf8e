/**
 * The review stack of a pull request, from the committed stack files: the source apps stack's file and
 * the file of the one platform stack that grants it review stacks (`slipway:cluster.access.reviewStacks`).
 * `npm run render -- --review` and `npm run review` (tools/review.ts) both start here.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../../config/errors";
import { record } from "../../config/raw";
import { reviewGrantSchema, type ReviewGrant } from "../../config/review-grants";
import { SECRETS_KEY } from "../../config/secret-placement";
import { deriveReviewStack, type ReviewRequest, type ReviewStack } from "../../config/review-stack";
import { noSuchStackFile, stackNames } from "../ci/stacks";
import type { StackInput } from "../harness/run-program";
import { StackFileError } from "../harness/stack-file";
import { parseStackYaml } from "../harness/stack-yaml";

/** A stack file's `config:` map as YAML decodes it. */
function stackFileConfig(dir: string, stack: string): Record<string, unknown> {
  const file = join(dir, `Pulumi.${stack}.yaml`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    throw new StackFileError(noSuchStackFile(file, dir));
  }
  return stackFileConfigOf(bytes, file);
}

/** The `config:` map of a stack file's bytes; `file` names it in the error if it cannot be parsed. */
export function stackFileConfigOf(bytes: Buffer, file: string): Record<string, unknown> {
  try {
    return record(record(parseStackYaml(bytes)).config);
  } catch (error) {
    throw new StackFileError(`${file}: cannot read stack file: ${(error as Error).message}`);
  }
}

/** The platform stack whose file grants `source` review stacks: exactly one must. */
function grantingPlatform(dir: string, source: string): { stack: string; config: Record<string, unknown> } {
  const granting = stackNames(dir)
    .map((stack) => ({ stack, config: stackFileConfig(dir, stack) }))
    .filter(({ config }) => config["slipway:layer"] === "platform")
    .filter(({ config }) =>
      Object.hasOwn(record(record(record(config["slipway:cluster"]).access).reviewStacks), source),
    );
  if (granting.length === 1) return granting[0];
  const which = granting.length === 0 ? "none does" : `${granting.map(({ stack }) => stack).join(" and ")} both do`;
  throw new StackFileError(
    `${source}: expected one platform stack to grant it review stacks (slipway:cluster.access.reviewStacks.${source}); ${which}`,
  );
}

/** Each apps stack some platform stack grants review stacks, and that platform (the review workflow's matrix). */
export function reviewSources(dir = "."): Array<{ source: string; platform: string }> {
  return stackNames(dir)
    .map((stack) => ({ stack, config: stackFileConfig(dir, stack) }))
    .filter(({ config }) => config["slipway:layer"] === "platform")
    .flatMap(({ stack, config }) =>
      Object.keys(record(record(record(config["slipway:cluster"]).access).reviewStacks)).map((source) => ({
        source,
        platform: stack,
      })),
    )
    .sort((a, b) => a.source.localeCompare(b.source));
}

/** The review grant of `source` as its platform's stack file states it, defaults applied. */
export function reviewGrantOf(dir: string, source: string): ReviewGrant {
  const platform = grantingPlatform(dir, source);
  const key = `slipway:cluster.access.reviewStacks.${source}`;
  const parsed = reviewGrantSchema.safeParse(
    record(record(record(platform.config["slipway:cluster"]).access).reviewStacks)[source],
  );
  if (!parsed.success)
    throw new ConfigError([
      { key, message: `is not a valid review grant: render platform stack ${platform.stack} for details` },
    ]);
  return parsed.data;
}

export interface ReviewArgs {
  source: string;
  pr: number;
  slot: number;
  changed: ReviewRequest["changed"];
  dir?: string;
}

/** The derived review stack and the platform it runs on; bad input is a ConfigError naming each key. */
export function reviewStackOf(args: ReviewArgs): ReviewStack & { platformStack: string } {
  const dir = args.dir ?? ".";
  const sourceConfig = stackFileConfig(dir, args.source);
  if (sourceConfig["slipway:layer"] !== "apps")
    throw new StackFileError(`--review ${args.source}: expected an apps stack (slipway:layer: apps)`);
  const platform = grantingPlatform(dir, args.source);
  const derived = deriveReviewStack({
    source: { stack: args.source, config: sourceConfig },
    platform,
    pr: args.pr,
    slot: args.slot,
    changed: args.changed,
  });
  if (Array.isArray(derived)) throw new ConfigError(derived);
  return { ...derived, platformStack: platform.stack };
}

/** The review stack's config as the engine receives it (runtime config: objects JSON-encoded, secrets marked). */
export function reviewStackInput(review: ReviewStack): StackInput {
  const config = Object.fromEntries(
    Object.keys(review.config)
      .sort()
      .map((key) => {
        const value = review.config[key];
        return [key, typeof value === "string" ? value : JSON.stringify(value)];
      }),
  );
  // The review values of the copies' secrets are placeholders, but the program reads them as secrets.
  return { stack: review.stack, config, secretKeys: SECRETS_KEY in config ? [SECRETS_KEY] : [] };
}
