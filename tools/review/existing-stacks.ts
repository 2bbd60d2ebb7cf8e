/**
 * The review stacks a backend holds, known by two signs that must agree: the name a review stack gets
 * (`<source>-pr-<n>`, config/review-stack.ts) and the `slipway:review` marker its last update recorded.
 * A stack with only one of them is someone else's and is never touched. From them: the slot a pull
 * request's stack holds or the lowest free one, and which stacks have outlived their TTL.
 */
import type { ConfigMap } from "@pulumi/pulumi/automation";
import { reviewMarkerSchema, reviewStackName, type ReviewMarker } from "../../config/review-stack";
import { decoded } from "../release-history/recorded-config";
import type { ListedStack, ReviewWorkspace } from "./ports";

export interface ExistingReviewStack extends ListedStack {
  marker: ReviewMarker;
}

/** `pulumi stack ls` may qualify a name (`org/project/stack`); the stack's own name is the last part. */
const shortName = (name: string) => name.slice(name.lastIndexOf("/") + 1);

/** The marker an update recorded (structured config as `objectValue`, or JSON text). */
export function recordedMarker(config: ConfigMap | undefined): ReviewMarker | undefined {
  const value = config?.["slipway:review"];
  if (value === undefined || value.secret) return undefined;
  const parsed = reviewMarkerSchema.safeParse(decoded(value));
  return parsed.success ? parsed.data : undefined;
}

const looksLikeReviewStack = (name: string) => /-pr-[1-9]\d*$/.test(name);

/** Every review stack in the backend whose name and marker agree (of one source, if given). */
export async function existingReviewStacks(
  workspace: ReviewWorkspace,
  source?: string,
): Promise<ExistingReviewStack[]> {
  const found: ExistingReviewStack[] = [];
  for (const listed of await workspace.listStacks()) {
    const name = shortName(listed.name);
    if (!looksLikeReviewStack(name)) continue;
    const marker = recordedMarker(await workspace.lastUpdateConfig(name));
    if (marker === undefined || reviewStackName(marker.source, marker.pr) !== name) continue;
    if (source !== undefined && marker.source !== source) continue;
    found.push({ ...listed, name, marker });
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

export class NoFreeSlot extends Error {
  override name = "NoFreeSlot";
}

/** The slot the pull request's review stack keeps, or the lowest one no other review stack holds. */
export function chooseSlot(
  existing: readonly ExistingReviewStack[],
  source: string,
  pr: number,
  slots: number,
): number {
  const own = existing.find((stack) => stack.marker.source === source && stack.marker.pr === pr);
  if (own !== undefined) return own.marker.slot;
  const held = new Map(
    existing.filter((stack) => stack.marker.source === source).map((stack) => [stack.marker.slot, stack.name]),
  );
  for (let slot = 1; slot <= slots; slot++) if (!held.has(slot)) return slot;
  const holders = [...held].sort(([a], [b]) => a - b).map(([slot, name]) => `slot ${slot}: ${name}`);
  throw new NoFreeSlot(
    `${reviewStackName(source, pr)}: all ${slots} review slots of ${source} are taken (${holders.join(", ")}); ` +
      `a slot frees when its pull request closes or its stack outlives the grant's ttlHours ` +
      `(npm run review -- destroy --source ${source} --pr <n> frees one now)`,
  );
}

/**
 * Whether a stack has outlived its TTL at `now`: strictly more than `ttlHours` since its last update.
 * A stack without a readable last update time, or with an update running, is left alone: the CLI
 * lists a running update as `updateInProgress` with no `lastUpdate`, and a finished one's time in UTC
 * as `2006-01-02T15:04:05.000Z` (pulumi/pulumi v3.248.0 pkg/cmd/pulumi/stack/stack_list.go and
 * pkg/cmd/pulumi/cmd/time.go).
 */
export function isExpired(stack: ListedStack, ttlHours: number, now: Date): boolean {
  if (stack.updateInProgress || stack.lastUpdate === undefined) return false;
  const updated = Date.parse(stack.lastUpdate);
  if (Number.isNaN(updated)) return false;
  return now.getTime() - updated > ttlHours * 3_600_000;
}
