/**
 * The release history the previous update of this stack exported, read back through a
 * StackReference to the stack itself (its last checkpoint's outputs). The App keeps the previous
 * releases' ConfigMaps and Secrets registered from it; see components/app/release-history.ts. The
 * platform's images are carried the same way (components/platform/platform-history.ts).
 *
 * What a real engine answers (pulumi/pulumi v3.248.0; test/release-history-engine.test.ts drives each case):
 *  - A brand-new stack has no outputs, which is no error: pkg/backend/diy/state.go
 *    getSnapshotStackOutputs returns an empty map for a checkpoint without `Latest`, the builtin provider
 *    answers `outputs: {}` (pkg/resource/deploy/builtins.go readStackReference), and
 *    sdk/nodejs/stackReference.ts getOutputDetails gives `{ value: undefined }` (or `{ secretValue:
 *    undefined }` when the CLI sends no secretOutputNames): a first update, with no history.
 *  - After a failed update the outputs are the previous ones with whatever the failed run registered
 *    laid over them (pkg/resource/deploy/step_executor.go L256-261: `outs = oldOuts.Copy()`, then
 *    each new output). The Node.js SDK registers all exports or none (sdk/nodejs/runtime/stack.ts
 *    L76-85), so both keys come from one run: the last one that got to its exports, failed or not.
 *    Either way the history names objects already in state under the resource names they have there.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { ReleaseRecord } from "../components/app/release-history";
import type { PlatformRelease } from "../components/platform/platform-history";

export const RELEASE_HISTORY_OUTPUT = "releaseHistory";
export const NAME_KEY_OUTPUT = "releaseNameKey";
/** The platform's release history (single and platform stacks). */
export const PLATFORM_HISTORY_OUTPUT = "platformHistory";
/** The RandomBytes resource that makes the key (its Pulumi name). */
export const NAME_KEY_RESOURCE = "secret-name-key";

const objectRef = z.strictObject({ name: z.string(), resource: z.string() });
const historySchema = z.record(
  z.string(),
  // `image` and `version` are absent from records written before releases ran by digest (issue 14).
  z.array(
    z.strictObject({
      config: objectRef,
      secret: objectRef.optional(),
      image: z.string().optional(),
      version: z.string().optional(),
      releaseCommand: z.string().optional(),
    }),
  ),
);

const platformHistorySchema = z.array(
  z.strictObject({ images: z.record(z.string(), z.record(z.string(), z.string())) }),
);

export interface PreviousReleases {
  /** The Secret-naming key the previous update used; absent on a stack's first update. */
  nameKey?: string;
  apps: Record<string, ReleaseRecord[]>;
  /** The platform's images per release, newest first; empty on a first update or in an apps stack. */
  platform: PlatformRelease[];
}

/**
 * A platform history of another shape starts again, with a warning: it names no object in state, so
 * unlike the apps' history nothing could be named wrongly from it.
 */
async function platformHistoryOf(details: { value?: unknown; secretValue?: unknown }): Promise<PlatformRelease[]> {
  const value = details.value ?? details.secretValue;
  if (value === undefined) return [];
  const parsed = platformHistorySchema.safeParse(value);
  if (parsed.success) return parsed.data;
  await pulumi.log.warn(
    `The previous update's ${PLATFORM_HISTORY_OUTPUT} output is malformed: the platform's history starts again.`,
  );
  return [];
}

export async function readPreviousReleases(): Promise<PreviousReleases> {
  const self = new pulumi.StackReference("previous-update", {
    name: `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`,
  });
  const [history, key, platformDetails] = await Promise.all([
    self.getOutputDetails(RELEASE_HISTORY_OUTPUT),
    self.getOutputDetails(NAME_KEY_OUTPUT),
    self.getOutputDetails(PLATFORM_HISTORY_OUTPUT),
  ]);
  const platform = await platformHistoryOf(platformDetails);
  const nameKey: unknown = key.secretValue ?? key.value;
  const apps: unknown = history.value ?? history.secretValue;
  if (nameKey === undefined && apps === undefined) return { apps: {}, platform };
  const parsed = historySchema.safeParse(apps);
  // Guessing here could name a new object like one still in state: refuse instead.
  if (typeof nameKey !== "string" || !parsed.success) {
    throw new Error(
      `The previous update's outputs ${RELEASE_HISTORY_OUTPUT} and ${NAME_KEY_OUTPUT} are incomplete or malformed; restore them (pulumi stack export/import) before updating.`,
    );
  }
  return { nameKey, apps: parsed.data, platform };
}
