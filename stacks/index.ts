/**
 * Pulumi entry point: runs the program and exports its outputs. The CLI runs it bundled (`npm run
 * build` → dist/index.js, package.json "main").
 */
// First: they must run before anything loads @pulumi/pulumi.
import "./compile-cache";
import "./lazy-sdk-modules";
import { defineStack } from "./program";

// The SDK records a stack trace for every promise it makes; without them the program evaluates 1.6×
// (plain traces) to 2.5× (source-mapped) faster (docs/performance.md). Errors keep their messages;
// SLIPWAY_STACK_TRACES=1 keeps the frames.
if (!process.env.SLIPWAY_STACK_TRACES) Error.stackTraceLimit = 0;

const outputs = defineStack();

export const environment = outputs.then((o) => o.environment);
export const platform = outputs.then((o) => o.platform);
export const apps = outputs.then((o) => o.apps);
/** Read back by the next update (stacks/previous-releases.ts): keep their names. */
export const releaseHistory = outputs.then((o) => o.releaseHistory);
export const releaseNameKey = outputs.then((o) => o.releaseNameKey);
export const clusterName = outputs.then((o) => o.clusterName);
export const clusterEndpoint = outputs.then((o) => o.clusterEndpoint);
export const oidcIssuer = outputs.then((o) => o.oidcIssuer);
export const kubeconfig = outputs.then((o) => o.kubeconfig);
export const registry = outputs.then((o) => o.registry);
export const artifacts = outputs.then((o) => o.artifacts);
/** What apps stacks read from a platform stack (config/platform-outputs.ts). */
export const platformForApps = outputs.then((o) => o.platformForApps);
export const platformStack = outputs.then((o) => o.platformStack);
