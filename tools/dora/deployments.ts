/**
 * Which updates are deployments, and which of them fall in the measured window. A deployment is a
 * finished `update` that changed something (a create, update, replace or delete in resourceChanges):
 * a no-op `up`, a preview, a refresh, a destroy or an import is not. An update still in progress has
 * no end time and no changes yet, so it is not one either.
 */
import type { UpdateSummary } from "@pulumi/pulumi/automation";

export interface Deployment {
  version: number;
  end: Date;
  succeeded: boolean;
  /** `git.head` of the checkout that ran it; absent when the update ran outside git. */
  commit?: string;
  message: string;
}

export interface Window {
  start: Date;
  end: Date;
  days: number;
}

const CHANGES = ["create", "update", "replace", "delete"];
const DAY_MS = 24 * 60 * 60 * 1000;

/** Every deployment of the history, oldest first. */
export function deploymentsOf(history: UpdateSummary[]): Deployment[] {
  return history
    .filter((update) => update.kind === "update" && update.endTime !== undefined)
    .filter((update) => (update.result === "succeeded" || update.result === "failed") && changedSomething(update))
    .sort((a, b) => a.version - b.version)
    .map((update) => ({
      version: update.version,
      end: new Date(update.endTime),
      succeeded: update.result === "succeeded",
      commit: update.environment?.["git.head"] || undefined,
      message: update.message ?? "",
    }));
}

function changedSomething(update: UpdateSummary): boolean {
  const changes = (update.resourceChanges ?? {}) as Record<string, number | undefined>;
  return CHANGES.some((op) => (changes[op] ?? 0) > 0);
}

/**
 * The `days` ending at the newest end time of any update (a refresh counts: it shows when history was
 * last written), both ends included; undefined when no update has finished.
 */
export function windowOf(history: UpdateSummary[], days: number): Window | undefined {
  const ends = history.filter((update) => update.endTime !== undefined).map((update) => +new Date(update.endTime));
  if (ends.length === 0) return undefined;
  const end = ends.reduce((a, b) => Math.max(a, b));
  return { start: new Date(end - days * DAY_MS), end: new Date(end), days };
}

export const inWindow = (window: Window, deployment: Deployment) =>
  deployment.end >= window.start && deployment.end <= window.end;
