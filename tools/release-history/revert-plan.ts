/**
 * After a rollback, the stack file in git still holds the rolled-back release's config, and the next
 * deploy would re-apply it. This computes what to change in the checkout's `Pulumi.<stack>.yaml` so it
 * holds the restored config: plain edits with values, secret edits by path only.
 */
import type { ConfigMap } from "@pulumi/pulumi/automation";
import { parse } from "yaml";
import { decoded, entry, isPlainObject, valueEdits, type RecordedValue } from "./recorded-config";

export interface PlainEdit {
  key: string;
  path: string[];
  kind: "set" | "delete";
  value?: unknown;
}

/** A secret leaf to set (value taken from the restored config when written) or a subtree to remove. */
export interface SecretEdit {
  key: string;
  path: string[];
  kind: "set" | "delete";
}

export interface RevertPlan {
  plain: PlainEdit[];
  secrets: SecretEdit[];
}

function isSecure(value: unknown): boolean {
  return isPlainObject(value) && Object.keys(value).length === 1 && typeof value.secure === "string";
}

function hasSecure(value: unknown): boolean {
  if (isSecure(value)) return true;
  if (Array.isArray(value)) return value.some(hasSecure);
  return isPlainObject(value) && Object.values(value).some(hasSecure);
}

/**
 * The checkout's stack config in the shape history uses. Plain keys come from the file itself;
 * keys holding `secure:` values come from `decrypted` (`Stack.getAllConfig()`, which decrypts).
 */
export function checkoutConfig(stackFile: string | undefined, decrypted: ConfigMap): ConfigMap {
  const config = (parse(stackFile ?? "") as { config?: Record<string, unknown> } | null)?.config ?? {};
  const result: ConfigMap = {};
  for (const [key, value] of Object.entries(config)) {
    if (hasSecure(value)) {
      if (decrypted[key]) result[key] = { ...decrypted[key], secret: true };
    } else if (isPlainObject(value) || Array.isArray(value)) {
      result[key] = { value: JSON.stringify(value), objectValue: value } as RecordedValue as ConfigMap[string];
    } else {
      result[key] = {
        value: value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value),
        secret: false,
      };
    }
  }
  return result;
}

function valueOf(value: RecordedValue | undefined): unknown {
  return value === undefined ? undefined : decoded(value);
}

/** Every leaf path under `value` (a secret is set one string at a time with `--path`). */
function leafPaths(value: unknown, path: string[]): string[][] {
  if (!isPlainObject(value)) return [path];
  return Object.keys(value)
    .sort()
    .flatMap((key) => leafPaths(value[key], [...path, key]));
}

export function revertPlan(checkout: ConfigMap, restored: ConfigMap): RevertPlan {
  const plan: RevertPlan = { plain: [], secrets: [] };
  for (const key of [...new Set([...Object.keys(checkout), ...Object.keys(restored)])].sort()) {
    const [now, then] = [entry(checkout, key), entry(restored, key)];
    const edits =
      then === undefined ? [{ path: [], kind: "delete" as const }] : valueEdits(valueOf(now), valueOf(then));
    if (now?.secret !== true && then?.secret !== true) {
      plan.plain.push(...edits.map((edit) => ({ key, ...edit })));
      continue;
    }
    for (const edit of edits) {
      if (edit.kind === "delete") plan.secrets.push({ key, path: edit.path, kind: "delete" });
      else plan.secrets.push(...leafPaths(edit.value, edit.path).map((path) => ({ key, path, kind: "set" as const })));
    }
  }
  return plan;
}

/** `slipway:secrets.web.DATABASE_URL`, the key syntax of `pulumi config set --path`. */
export function configPath(key: string, path: string[]): string {
  return [key, ...path].join(".");
}

/** The restored value of a secret leaf, as the string `setAllConfig` needs. Never printed. */
export function secretLeaf(restored: ConfigMap, edit: SecretEdit): string {
  let value: unknown = valueOf(entry(restored, edit.key));
  for (const segment of edit.path) value = isPlainObject(value) ? value[segment] : undefined;
  return typeof value === "string" ? value : JSON.stringify(value);
}
