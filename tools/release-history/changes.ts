/**
 * What changed between two updates' config, per app: its image, the paths of its other settings, and
 * the NAMES of its secrets. Values are never part of the result except image references, and those
 * only when `slipway:apps` is plain config.
 */
import type { ConfigMap } from "@pulumi/pulumi/automation";
import {
  APPS_KEY,
  decoded,
  deepEqual,
  entry,
  isHidden,
  isPlainObject,
  SECRETS_KEY,
  valueEdits,
} from "./recorded-config";

type Presence = "added" | "removed" | "changed";

interface AppChange {
  app: string;
  status: Presence;
  /** Set when the image changed; `from`/`to` are left out when the apps config is itself secret. */
  image?: { from?: string; to?: string };
  /** Dotted paths of the other settings that changed (only for an app present on both sides). */
  config: string[];
  secrets: Array<{ name: string; change: Presence }>;
}

export interface ConfigChanges {
  apps: AppChange[];
  /** Other keys (not apps, not app secrets) that changed, were added or were removed. */
  otherKeys: string[];
  /** Keys whose values were withheld on either side, so whether they changed cannot be told. */
  hiddenKeys: string[];
}

type Tree = Record<string, unknown>;

/** A map-valued key's content, or undefined when its value was withheld. */
function treeOf(config: ConfigMap, key: string): Tree | undefined {
  const value = entry(config, key);
  if (value === undefined) return {};
  if (isHidden(value)) return undefined;
  const content = decoded(value);
  return isPlainObject(content) ? content : {};
}

export function describeChanges(before: ConfigMap, after: ConfigMap): ConfigChanges {
  const hiddenKeys: string[] = [];
  const visible = (key: string) => {
    const pair = [treeOf(before, key), treeOf(after, key)] as const;
    if (pair[0] === undefined || pair[1] === undefined) hiddenKeys.push(key);
    return pair[0] !== undefined && pair[1] !== undefined ? { before: pair[0], after: pair[1] } : undefined;
  };
  const apps = visible(APPS_KEY);
  const secrets = visible(SECRETS_KEY);
  const appsAreSecret = entry(after, APPS_KEY)?.secret === true || entry(before, APPS_KEY)?.secret === true;

  const names = new Set([...Object.keys(apps?.before ?? {}), ...Object.keys(apps?.after ?? {})]);
  for (const app of [...Object.keys(secrets?.before ?? {}), ...Object.keys(secrets?.after ?? {})]) names.add(app);
  const appChanges: AppChange[] = [];
  for (const app of [...names].sort()) {
    const change = appChange(app, apps?.before[app], apps?.after[app], appsAreSecret);
    change.secrets = secretNameChanges(secrets?.before[app], secrets?.after[app]);
    if (change.status !== "changed" || change.image || change.config.length > 0 || change.secrets.length > 0)
      appChanges.push(change);
  }

  const otherKeys: string[] = [];
  for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    if (key === APPS_KEY || key === SECRETS_KEY) continue;
    const [a, b] = [entry(before, key), entry(after, key)];
    if (isHidden(a) || isHidden(b)) hiddenKeys.push(key);
    else if (a === undefined || b === undefined || !deepEqual(decoded(a), decoded(b))) otherKeys.push(key);
  }
  return { apps: appChanges, otherKeys, hiddenKeys: hiddenKeys.sort() };
}

function appChange(app: string, before: unknown, after: unknown, appsAreSecret: boolean): AppChange {
  const status: Presence =
    before === undefined && after !== undefined
      ? "added"
      : after === undefined && before !== undefined
        ? "removed"
        : "changed";
  const [b, a] = [isPlainObject(before) ? before : {}, isPlainObject(after) ? after : {}];
  const change: AppChange = { app, status, config: [], secrets: [] };
  if (!deepEqual(b.image, a.image) && status !== "removed") {
    change.image = appsAreSecret ? {} : imageChange(b.image, a.image);
  }
  if (status === "changed") {
    const { image: _before, ...restBefore } = b;
    const { image: _after, ...restAfter } = a;
    change.config = valueEdits(restBefore, restAfter).map((edit) => edit.path.join("."));
  }
  return change;
}

function secretNameChanges(before: unknown, after: unknown): AppChange["secrets"] {
  const [b, a] = [isPlainObject(before) ? before : {}, isPlainObject(after) ? after : {}];
  const changes: AppChange["secrets"] = [];
  for (const name of [...new Set([...Object.keys(b), ...Object.keys(a)])].sort()) {
    if (!(name in a)) changes.push({ name, change: "removed" });
    else if (!(name in b)) changes.push({ name, change: "added" });
    else if (!deepEqual(b[name], a[name])) changes.push({ name, change: "changed" });
  }
  return changes;
}

/** `repository:tag@sha256:<12 hex>`; within one repository only `tag@digest`, which is what changed. */
function imageChange(before: unknown, after: unknown): { from?: string; to?: string } {
  const sameRepository = isPlainObject(before) && isPlainObject(after) && before.repository === after.repository;
  const show = (image: unknown) => {
    if (!isPlainObject(image) || typeof image.repository !== "string")
      return image === undefined ? undefined : JSON.stringify(image);
    const tag = typeof image.tag === "string" ? `:${image.tag}` : "";
    const digest = typeof image.digest === "string" ? `@${image.digest.slice(0, "sha256:".length + 12)}` : "";
    return sameRepository ? `${tag}${digest}`.replace(/^:/, "") : `${image.repository}${tag}${digest}`;
  };
  return { from: show(before), to: show(after) };
}

function imageLine(image: NonNullable<AppChange["image"]>): string {
  if (image.from === undefined && image.to === undefined) return "image changed (apps config is secret: not shown)";
  return `image ${image.from ?? "none"} → ${image.to ?? "none"}`;
}

/** One line per app change, then one for other keys; hidden keys are the caller's to mention. */
export function changeLines(changes: ConfigChanges): string[] {
  const lines: string[] = [];
  for (const change of changes.apps) {
    if (change.status === "removed") lines.push(`${change.app}: removed`);
    if (change.status === "added") lines.push(`${change.app}: added${change.image?.to ? ` (${change.image.to})` : ""}`);
    if (change.status === "changed" && change.image) lines.push(`${change.app}: ${imageLine(change.image)}`);
    if (change.config.length > 0) lines.push(`${change.app}: config ${change.config.join(", ")}`);
    if (change.secrets.length > 0)
      lines.push(`${change.app}: secrets ${change.secrets.map((s) => `${s.name} (${s.change})`).join(", ")}`);
  }
  if (changes.otherKeys.length > 0) lines.push(`other config: ${changes.otherKeys.join(", ")}`);
  return lines;
}
