/**
 * The one edit a promotion makes: the app's `image` in the target's `Pulumi.<stack>.yaml`, set to the
 * promoted repository, tag and digest, through the same yaml Document edit as a rollback's
 * `--write-config` (comments and layout stay; only those scalars change). What else differs between
 * the two stacks' config of the app is shown, never changed: promotion moves the artifact only.
 */
import { isMap, isScalar, parse, parseDocument, type YAMLMap } from "yaml";
import { APPS_KEY, SECRETS_KEY, isPlainObject, valueEdits } from "../release-history/recorded-config";
import { applyPlainEdits } from "../release-history/revert-apply";
import { PromotionRefusal, type PromotedImage } from "./choose";

interface StackFileApp {
  config: Record<string, unknown>;
  secretNames: string[];
}

/** The app's plain config and secret names in a stack file; a refusal naming the stack when it has none. */
export function appInStackFile(text: string, stack: string, app: string): StackFileApp {
  const config: unknown = (parse(text) as { config?: unknown } | null)?.config;
  const settings = isPlainObject(config) ? config : {};
  const apps = settings[APPS_KEY];
  const appConfig = isPlainObject(apps) ? apps[app] : undefined;
  if (!isPlainObject(appConfig)) {
    const why = settings["slipway:layer"] === "platform" ? " (a platform stack runs no apps)" : "";
    throw new PromotionRefusal(
      `stack ${stack} defines no app ${app} in ${APPS_KEY}${why}: promote between stacks that both run it`,
    );
  }
  const secrets = settings[SECRETS_KEY];
  const appSecrets = isPlainObject(secrets) ? secrets[app] : undefined;
  return { config: appConfig, secretNames: isPlainObject(appSecrets) ? Object.keys(appSecrets).sort() : [] };
}

/**
 * The target's stack file with only the app's image changed; undefined when it already runs that image.
 * The image's scalars are spliced into the text (a one-hunk diff, every other byte as it was); an
 * image written in a form that cannot be spliced falls back to the rollback's Document edit.
 */
export function promoteInStackFile(text: string, app: string, image: PromotedImage): string | undefined {
  const document = parseDocument(text);
  const node = document.getIn(["config", APPS_KEY, app, "image"], true);
  const current: unknown = isMap(node) ? node.toJSON() : undefined;
  const wanted: Record<string, string> = { repository: image.repository };
  if (image.tag !== undefined) wanted.tag = image.tag;
  wanted.digest = image.digest;
  const edits = valueEdits(isPlainObject(current) ? current : {}, wanted);
  if (edits.length === 0) return undefined;
  const spliced = isMap(node) && !node.flow ? spliceBlockMap(text, node, wanted) : undefined;
  if (spliced !== undefined) return spliced;
  return applyPlainEdits(
    text,
    edits.map((edit) => ({ ...edit, key: APPS_KEY, path: [app, "image", ...edit.path] })),
  );
}

/** A value written plainly when it reads back as the same string, else double-quoted. */
function scalarText(value: string): string {
  return parse(value) === value && !value.includes("#") ? value : JSON.stringify(value);
}

/** Sets each key of `wanted` in a block map and removes the others, editing only their own lines. */
function spliceBlockMap(text: string, map: YAMLMap, wanted: Record<string, string>): string | undefined {
  const edits: Array<{ start: number; end: number; text: string }> = [];
  let last = -1;
  let indent: string | undefined;
  const seen = new Set<string>();
  for (const pair of map.items) {
    if (!isScalar(pair.key) || !isScalar(pair.value) || !pair.key.range || !pair.value.range) return undefined;
    const key = String(pair.key.value);
    const lineStart = text.lastIndexOf("\n", pair.key.range[0]) + 1;
    indent ??= text.slice(lineStart, pair.key.range[0]);
    last = Math.max(last, pair.value.range[1]);
    seen.add(key);
    if (!(key in wanted)) {
      const lineEnd = text.indexOf("\n", pair.value.range[1]);
      edits.push({ start: lineStart, end: lineEnd === -1 ? text.length : lineEnd + 1, text: "" });
    } else if (pair.value.value !== wanted[key]) {
      const quoted = pair.value.type === "QUOTE_DOUBLE" || pair.value.type === "QUOTE_SINGLE";
      const value = quoted ? JSON.stringify(wanted[key]) : scalarText(wanted[key]);
      edits.push({ start: pair.value.range[0], end: pair.value.range[1], text: value });
    }
  }
  if (indent === undefined || !/^ *$/.test(indent)) return undefined;
  const added = Object.keys(wanted).filter((key) => !seen.has(key));
  // At the end of the last value's line.
  const lineEnd = text.indexOf("\n", last);
  const insertAt = lineEnd === -1 ? text.length : lineEnd;
  if (added.length > 0)
    edits.push({
      start: insertAt,
      end: insertAt,
      text: added.map((key) => `\n${indent}${key}: ${scalarText(wanted[key])}`).join(""),
    });
  edits.sort((a, b) => b.start - a.start);
  return edits.reduce((out, edit) => `${out.slice(0, edit.start)}${edit.text}${out.slice(edit.end)}`, text);
}

const show = (value: unknown) => (value === undefined ? "(unset)" : JSON.stringify(value));

/**
 * What stays different for the app between the two stacks after the promotion: each setting with
 * both values (app config is plain config), and secrets by name only.
 */
export function configDiffLines(
  source: { stack: string; config: Record<string, unknown>; secretNames: string[] },
  target: { stack: string; config: Record<string, unknown>; secretNames: string[] },
): string[] {
  const { image: _s, ...fromRest } = source.config;
  const { image: _t, ...toRest } = target.config;
  const at = (tree: Record<string, unknown>, path: string[]) =>
    path.reduce<unknown>((node, key) => (isPlainObject(node) ? node[key] : undefined), tree);
  const lines = valueEdits(toRest, fromRest).map(({ path }) => {
    return `${path.join(".")}: ${show(at(fromRest, path))} in ${source.stack}, ${show(at(toRest, path))} in ${target.stack}`;
  });
  const onlyIn = (a: string[], b: string[]) => a.filter((name) => !b.includes(name));
  const missing = onlyIn(source.secretNames, target.secretNames);
  const extra = onlyIn(target.secretNames, source.secretNames);
  if (missing.length > 0)
    lines.push(`secrets only in ${source.stack}: ${missing.join(", ")} (set them in ${target.stack} first?)`);
  if (extra.length > 0) lines.push(`secrets only in ${target.stack}: ${extra.join(", ")}`);
  return lines;
}
