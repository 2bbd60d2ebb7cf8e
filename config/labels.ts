/** Recommended Kubernetes labels (app.kubernetes.io/*) plus the stack and environment: pure, so the config layer checks the same values the App writes. */
import type { PinnedVersion } from "./image";

export interface AppIdentity {
  app: string;
  stack: string;
  environment: string;
}

export function appLabels(id: AppIdentity): Record<string, string> {
  return {
    "app.kubernetes.io/name": id.app,
    "app.kubernetes.io/instance": `${id.app}-${id.stack}`,
    "app.kubernetes.io/part-of": "slipway",
    "app.kubernetes.io/managed-by": "pulumi",
    "slipway.dev/stack": id.stack,
    "slipway.dev/environment": id.environment,
  };
}

/** The stable subset that selects a process's pods; it must never change for a running workload. */
export function selectorLabels(id: AppIdentity, process: string): Record<string, string> {
  return { "app.kubernetes.io/name": id.app, "app.kubernetes.io/component": process };
}

export function processLabels(id: AppIdentity, process: string): Record<string, string> {
  return { ...appLabels(id), "app.kubernetes.io/component": process };
}

/** A label value (≤ 63 characters, alphanumeric ends) naming the image version: its tag, else its digest. */
export function versionLabel(image: PinnedVersion): string {
  const version = image.tag ?? image.digest.replace("sha256:", "").slice(0, 12);
  return version.slice(0, 63).replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, "");
}

/**
 * Marks a namespace where a team's apps run, valued with the stack that owns it (the apps stack, or the
 * single stack itself): the platform's admission policies bind to every namespace carrying it, and an
 * IRSA annotation there may name only roles under that stack's path. Tenants read namespaces only.
 */
export const TENANT_LABEL = "slipway.dev/tenant";
