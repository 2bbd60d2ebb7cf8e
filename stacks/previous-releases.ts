/**
 * The release history the previous update of this stack exported, read back through a
 * StackReference to the stack itself (its last checkpoint's outputs). The App keeps the previous
 * releases' ConfigMaps and Secrets registered from it; see components/app/release-history.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { ReleaseRecord } from "../components/app/release-history";

export const RELEASE_HISTORY_OUTPUT = "releaseHistory";
export const NAME_KEY_OUTPUT = "releaseNameKey";

const objectRef = z.strictObject({ name: z.string(), resource: z.string() });
const historySchema = z.record(
  z.string(),
  z.array(z.strictObject({ config: objectRef, secret: objectRef.optional() })),
);

export interface PreviousReleases {
  /** The Secret-naming key the previous update used; absent on a stack's first update. */
  nameKey?: string;
  apps: Record<string, ReleaseRecord[]>;
}

export async function readPreviousReleases(): Promise<PreviousReleases> {
  const self = new pulumi.StackReference("previous-update", {
    name: `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`,
  });
  const [history, key] = await Promise.all([
    self.getOutputDetails(RELEASE_HISTORY_OUTPUT),
    self.getOutputDetails(NAME_KEY_OUTPUT),
  ]);
  const nameKey: unknown = key.secretValue ?? key.value;
  const apps: unknown = history.value ?? history.secretValue;
  if (nameKey === undefined && apps === undefined) return { apps: {} };
  const parsed = historySchema.safeParse(apps);
  // Guessing here could name a new object like one still in state: refuse instead.
  if (typeof nameKey !== "string" || !parsed.success) {
    throw new Error(
      `The previous update's outputs ${RELEASE_HISTORY_OUTPUT} and ${NAME_KEY_OUTPUT} are incomplete or malformed; restore them (pulumi stack export/import) before updating.`,
    );
  }
  return { nameKey, apps: parsed.data };
}
