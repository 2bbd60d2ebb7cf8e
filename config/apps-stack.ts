/**
 * What the rest of the tooling needs to know about an apps stack (`slipway:layer: apps`), read from
 * the raw stack config: the namespaces it fills. The policy pack confines the stack to exactly these
 * (policy/policies/apps-stack.ts); the platform stack must grant the same ones to the stack's deploy
 * role (slipway:cluster.access.appStacks.<stack>.namespaces).
 */
import { record } from "./raw";
import type { RawStackConfig } from "./stack";

export function isAppsStack(raw: RawStackConfig): boolean {
  return raw.layer === "apps";
}

/** Each app is a namespace named after it (components/app/app.ts). Add here any other an apps stack fills. */
export function appsStackNamespaces(raw: RawStackConfig): string[] {
  return Object.keys(record(raw.apps)).sort();
}
