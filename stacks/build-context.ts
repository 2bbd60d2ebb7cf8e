/**
 * The content digest of an app's build: every file of its context (minus what `.dockerignore` names
 * at the top level, `.git` and `node_modules`), its Dockerfile and its build settings. It becomes the
 * image tag, so an unchanged source pushes nothing and ECR tags can stay immutable.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import type { BuildConfig } from "../config/build";

const ALWAYS_IGNORED = new Set([".git", "node_modules"]);

/** Top-level names from `.dockerignore` (plain names only: patterns are matched by Docker, not here). */
function ignoredNames(context: string): Set<string> {
  const file = join(context, ".dockerignore");
  if (!existsSync(file)) return ALWAYS_IGNORED;
  const names = readFileSync(file, "utf8")
    .split("\n")
    .map((line) => line.trim().replace(/^\.\//, "").replace(/\/$/, ""));
  return new Set([...ALWAYS_IGNORED, ...names.filter((name) => name && !name.startsWith("#") && !/[*?![]/.test(name))]);
}

function files(dir: string, root: string, ignored: Set<string>): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      if (dir === root && ignored.has(entry)) return [];
      return statSync(path).isDirectory() ? files(path, root, ignored) : [path];
    });
}

/** Undefined when the context directory does not exist. */
export function buildDigest(projectDir: string, build: BuildConfig): string | undefined {
  const context = join(projectDir, build.context);
  if (!existsSync(context) || !statSync(context).isDirectory()) return undefined;
  const hash = createHash("sha256");
  hash.update(
    JSON.stringify({ target: build.target, args: build.args, platform: build.platform, dockerfile: build.dockerfile }),
  );
  const dockerfile = join(projectDir, build.dockerfile ?? join(build.context, "Dockerfile"));
  if (existsSync(dockerfile)) hash.update(readFileSync(dockerfile));
  for (const file of files(context, context, ignoredNames(context))) {
    hash.update(`\0${relative(context, file)}\0`).update(readFileSync(file));
  }
  return hash.digest("hex").slice(0, 16);
}
