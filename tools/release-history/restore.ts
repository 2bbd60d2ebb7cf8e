/**
 * The config a rollback sets: exactly the target update's recorded config, secrets included. It is
 * read with secrets only for this and goes straight to `setAllConfig`; nothing here prints a value.
 */
import type { ConfigMap, UpdateSummary } from "@pulumi/pulumi/automation";
import { parseDocument } from "yaml";
import { isHidden, UNDECRYPTABLE } from "./recorded-config";
import { RollbackRefusal } from "./target";

export function restoredConfig(target: UpdateSummary, stack: string): ConfigMap {
  const config: ConfigMap = {};
  const withheld: string[] = [];
  const undecryptable: string[] = [];
  const recorded = target.config ?? {};
  for (const key of Object.keys(recorded).sort()) {
    const value = recorded[key];
    if (isHidden(value)) withheld.push(key);
    else if (value.secret && value.value === UNDECRYPTABLE) undecryptable.push(key);
    else config[key] = { value: value.value ?? "", secret: value.secret === true };
  }
  if (undecryptable.length > 0) {
    throw new RollbackRefusal(
      `cannot decrypt the secret config recorded by v${target.version} (${undecryptable.join(", ")}): the stack's secrets provider ` +
        `must be reachable (for a passphrase stack set PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE for stack ${stack})`,
    );
  }
  if (withheld.length > 0) {
    throw new RollbackRefusal(
      `v${target.version}'s secret config came back without values (${withheld.join(", ")}): it cannot be re-applied`,
    );
  }
  return config;
}

/**
 * The stack file a rollback starts from: the checkout's settings (secrets provider, encryption salt or
 * key, environments), which the stack's state expects today, with no config; `setAllConfig` then
 * writes the target's config into it.
 */
export function stackFileForRollback(checkoutStackFile: string | undefined): string {
  if (checkoutStackFile === undefined) return "";
  const document = parseDocument(checkoutStackFile);
  document.delete("config");
  return document.contents === null ? "" : document.toString();
}
