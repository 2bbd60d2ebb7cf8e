/**
 * Which apps of an apps stack a pull request changes, so that its review stack (config/review-stack.ts)
 * holds only those and what they call. Pure: tools/review/changed-apps.ts reads the stack file at the
 * base and the changed paths from git.
 *
 * The rule, and why: a review copy is made of exactly its `slipway:apps.<app>` entry, the names under
 * `slipway:secrets.<app>` (never their values) and, for an app that builds, its build context and
 * Dockerfile. So an app is changed when its entry differs between base and head (compared as parsed
 * values: reformatting, reordering or comments are no change), when its secret names differ (a new
 * ciphertext is no change: the copy never gets it), or when a changed path is in its build context or
 * is its Dockerfile. A changed path in the program every app runs (SHARED_CODE), or a stack file the
 * base does not have, may change any app: then every reviewable app is, "all". Other keys of the stack
 * file (wave, notifications, …) and other stack files do not reach a review stack, so they change none.
 */
import { posix } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { record } from "./raw";

/** Paths (relative to the Pulumi project) of the code every app's resources come from. */
const SHARED_CODE = [
  /^components\//,
  /^stacks\//,
  /^config\//,
  /^policy\//,
  /^package(-lock)?\.json$/,
  /^Pulumi\.yaml$/,
  /^tsconfig\.json$/,
  /^\.nvmrc$/,
];

/** A project-relative path as git prints it: forward slashes, no `./`, no trailing `/`. */
function normalized(path: string): string {
  return posix.normalize(path.replaceAll("\\", "/")).replace(/\/+$/, "");
}

/** Whether `path` is the directory `dir` or inside it (`.` holds the whole project). */
function isUnder(path: string, dir: string): boolean {
  return dir === "." || path === dir || path.startsWith(`${dir}/`);
}

/** The build context and Dockerfile of an app entry that builds, else nothing. */
function buildPaths(app: unknown): { context?: string; dockerfile?: string } {
  const build = record(record(app).build);
  return {
    ...(typeof build.context === "string" ? { context: normalized(build.context) } : {}),
    ...(typeof build.dockerfile === "string" ? { dockerfile: normalized(build.dockerfile) } : {}),
  };
}

function touchesBuild(app: unknown, paths: readonly string[]): boolean {
  const { context, dockerfile } = buildPaths(app);
  return paths.some((path) => (context !== undefined && isUnder(path, context)) || path === dockerfile);
}

const secretNames = (config: Record<string, unknown>, app: string) =>
  Object.keys(record(record(config["slipway:secrets"])[app])).sort();

/**
 * The head's apps a pull request changes, in name order, or "all" (see the rule above). `base` and
 * `head` are the stack file's `config:` map before and after; `base` is undefined for a new stack file.
 */
export function changedAppsOf(
  base: Record<string, unknown> | undefined,
  head: Record<string, unknown>,
  paths: readonly string[],
): string[] | "all" {
  const changedPaths = paths.map(normalized);
  if (base === undefined || changedPaths.some((path) => SHARED_CODE.some((shared) => shared.test(path)))) return "all";
  const baseApps = record(base["slipway:apps"]);
  const headApps = record(head["slipway:apps"]);
  return Object.keys(headApps)
    .filter(
      (app) =>
        !Object.hasOwn(baseApps, app) ||
        !isDeepStrictEqual(baseApps[app], headApps[app]) ||
        !isDeepStrictEqual(secretNames(base, app), secretNames(head, app)) ||
        touchesBuild(headApps[app], changedPaths),
    )
    .sort();
}
