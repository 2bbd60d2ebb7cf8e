/**
 * Pulumi entry point: runs the program and exports its outputs. The CLI runs it bundled (`npm run
 * build` → dist/index.js, package.json "main").
 */
// First: they must run before anything loads @pulumi/pulumi.
import "./compile-cache";
import "./lazy-sdk-modules";
import type { StackOutputs } from "./outputs";
import { defineStack } from "./program";
import { PROGRAM_START_MARK } from "./program-start";

// The SDK records a stack trace for every promise it makes; without them the program evaluates 1.6×
// (plain traces) to 2.5× (source-mapped) faster (docs/performance.md). Errors keep their messages;
// SLIPWAY_STACK_TRACES=1 keeps the frames.
if (!process.env.SLIPWAY_STACK_TRACES) Error.stackTraceLimit = 0;

performance.mark(PROGRAM_START_MARK);
const outputs: Promise<StackOutputs> = defineStack();
const output = <K extends keyof StackOutputs>(name: K) => outputs.then((o) => o[name]);

// Every name of stacks/outputs.ts, once (test/pulumi-runtime.test.ts checks the two agree).
export const environment = output("environment");
export const platform = output("platform");
/** Every platform image by the digest it ran: `npm run releases` and the release report read it. */
export const platformImages = output("platformImages");
/** The platform images' history, read back by the next update (stacks/previous-releases.ts). */
export const platformHistory = output("platformHistory");
export const apps = output("apps");
/** Read back by the next update (stacks/previous-releases.ts): keep their names. */
export const releaseHistory = output("releaseHistory");
export const releaseNameKey = output("releaseNameKey");
export const clusterName = output("clusterName");
export const clusterEndpoint = output("clusterEndpoint");
export const oidcIssuer = output("oidcIssuer");
export const kubeconfig = output("kubeconfig");
export const registry = output("registry");
export const artifacts = output("artifacts");
/** What apps stacks read from a platform stack (config/platform-outputs.ts). */
export const platformForApps = output("platformForApps");
export const platformStack = output("platformStack");
