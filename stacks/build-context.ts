/**
 * The content digest of an app's build: every file of its context (minus what `.dockerignore` names
 * at the top level, `.git` and `node_modules`), its Dockerfile and its build settings. It becomes the
 * image tag, so an unchanged source pushes nothing and ECR tags can stay immutable.
 *
 * The context and Dockerfile must resolve (symbolic links included) inside the project. The walk
 * never follows a link and never opens anything but regular files: a link is hashed by its target
 * text (Docker sends links as links), a FIFO, socket or device by its name and kind only, so a link
 * out of the context or a FIFO cannot make the walk leave the project, loop or hang.
 */
import { createHash, type Hash } from "node:crypto";
import {
  type Dirent,
  existsSync,
  lstatSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  statSync,
} from "node:fs";
import { join, relative, sep } from "node:path";
import type { BuildConfig } from "../config/build";
import { canonicalJson } from "../config/content-hash";

const ALWAYS_IGNORED = new Set([".git", "node_modules"]);

export type BuildDigest = { digest: string } | { field: "context" | "dockerfile"; message: string };

function isRegularFile(path: string): boolean {
  return existsSync(path) && lstatSync(path).isFile();
}

/** Top-level names from `.dockerignore` (plain names only: patterns are matched by Docker, not here). */
function ignoredNames(context: string): Set<string> {
  const file = join(context, ".dockerignore");
  if (!isRegularFile(file)) return ALWAYS_IGNORED;
  const names = readFileSync(file, "utf8")
    .split("\n")
    .map((line) => line.trim().replace(/^\.\//, "").replace(/\/$/, ""));
  return new Set([...ALWAYS_IGNORED, ...names.filter((name) => name && !name.startsWith("#") && !/[*?![]/.test(name))]);
}

function specialKind(entry: Dirent): string {
  if (entry.isFIFO()) return "fifo";
  if (entry.isSocket()) return "socket";
  return entry.isCharacterDevice() ? "character-device" : "block-device";
}

function hashTree(hash: Hash, dir: string, root: string, ignored: Set<string>): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (dir === root && ignored.has(entry.name)) continue;
    const path = join(dir, entry.name);
    const name = relative(root, path);
    if (entry.isDirectory()) hashTree(hash, path, root, ignored);
    else if (entry.isFile()) hash.update(`\0${name}\0`).update(readFileSync(path));
    else if (entry.isSymbolicLink()) hash.update(`\0${name}\0link\0${readlinkSync(path)}`);
    else hash.update(`\0${name}\0${specialKind(entry)}`);
  }
}

const inside = (root: string, path: string) => path === root || path.startsWith(`${root}${sep}`);

export function buildDigest(projectDir: string, build: BuildConfig): BuildDigest {
  const project = realpathSync(projectDir);
  const contextPath = join(project, build.context);
  if (!existsSync(contextPath))
    return { field: "context", message: `expected a directory of the project, but ${build.context} does not exist` };
  if (!statSync(contextPath).isDirectory())
    return { field: "context", message: `expected a directory of the project, but ${build.context} is not one` };
  const context = realpathSync(contextPath);
  if (!inside(project, context))
    return {
      field: "context",
      message: `expected a directory inside the project, but ${build.context} leads outside it (to ${context})`,
    };

  const dockerfileField = build.dockerfile ? "dockerfile" : "context";
  const dockerfile = join(project, build.dockerfile ?? join(build.context, "Dockerfile"));
  const hash = createHash("sha256");
  // Canonical JSON: reordering build.args (or any setting) in the stack file must not change the tag.
  const settings = { target: build.target, args: build.args, platform: build.platform, dockerfile: build.dockerfile };
  hash.update(canonicalJson(Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined))));
  if (existsSync(dockerfile)) {
    const real = realpathSync(dockerfile);
    if (!inside(project, real))
      return { field: dockerfileField, message: `expected a Dockerfile inside the project, but it leads to ${real}` };
    if (!statSync(real).isFile())
      return { field: dockerfileField, message: `expected a Dockerfile as a regular file, but ${real} is not one` };
    hash.update(readFileSync(real));
  }
  hashTree(hash, context, context, ignoredNames(context));
  return { digest: hash.digest("hex").slice(0, 16) };
}
