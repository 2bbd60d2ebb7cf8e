/**
 * Recorded stack histories, read the way the Automation API reads `pulumi stack history --json`:
 * `Stack.history()` parses with a reviver that turns startTime/endTime into Dates (automation/stack.js).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { UpdateSummary } from "@pulumi/pulumi/automation";

export function loadHistory(name: string): UpdateSummary[] {
  const text = readFileSync(join(__dirname, "..", "fixtures", name), "utf8");
  return JSON.parse(text, (key, value) => (key === "startTime" || key === "endTime" ? new Date(value) : value));
}

export const fixturePath = (name: string) => join(__dirname, "..", "fixtures", name);

/** Every secret value in the with-secrets fixture: none may ever be printed. */
export const SECRET_VALUES = [
  "postgres://storefront:db-pass-v1@db.internal/storefront",
  "sk_live_OLDKEY123",
  "sk_live_NEWKEY456",
  "recaptcha-priv-789",
  "postgres://billing:billing-pass@db.internal/billing",
  "db-pass-v1",
  "billing-pass",
];

export function version(history: UpdateSummary[], v: number): UpdateSummary {
  const found = history.find((u) => u.version === v);
  if (!found) throw new Error(`fixture has no v${v}`);
  return found;
}
