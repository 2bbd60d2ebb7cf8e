/**
 * Parses kept on disk, keyed by content. Every render is a fresh process (CI renders each stack in its
 * own, an apps stack of a split platform is one each), and each parsed the same pinned CRDs (js-yaml)
 * and their CEL rules (@bufbuild/cel) again: ~0.15 s of CPU per process for an apps stack's HTTPRoute,
 * Rollout and AnalysisTemplate, where reading them back takes a few milliseconds (docs/performance.md).
 *
 * An entry is named by the SHA-256 of the parser, its installed version and the exact text parsed, so
 * a changed text or another parser version is parsed afresh. It holds the parse V8-serialized
 * (node:v8), written only if the parse is plain data, which that carries exactly, so a parse it cannot
 * carry faithfully is never cached. An entry that does not deserialize is parsed again and rewritten;
 * entries are written to a private file and renamed into place, so processes sharing the folder
 * never read half of one. The folder is the checkout's .cache/parsed/ (trusted as its node_modules
 * are; not a shared temporary folder another user could plant entries in), or SLIPWAY_PARSE_CACHE.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { deserialize, serialize } from "node:v8";
import { installedVersion } from "../installed-version";
import { repositoryRoot } from "./bundles";

const cacheFolder = () => process.env.SLIPWAY_PARSE_CACHE ?? join(repositoryRoot(), ".cache", "parsed");

function readEntry(file: string): { value: unknown } | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return { value: deserialize(readFileSync(file)) as unknown };
  } catch {
    return undefined;
  }
}

/**
 * Whether `value` is plain data — null, booleans, numbers, strings, bigints, undefined, byte arrays,
 * arrays and objects whose prototype is Object's (of any realm: a test runner's sandbox has its own) or
 * none — which V8's serialization gives back exactly. A parser's Date, Map or class instance is not.
 */
function isPlainData(value: unknown, seen = new Set<object>()): boolean {
  if (value === null || typeof value !== "object") return typeof value !== "function" && typeof value !== "symbol";
  if (seen.has(value)) return true;
  seen.add(value);
  if (Object.prototype.toString.call(value) === "[object Uint8Array]") return true;
  const prototype = Object.getPrototypeOf(value) as object | null;
  const plain =
    Array.isArray(value) ||
    prototype === null ||
    (Object.getPrototypeOf(prototype) === null && prototype.constructor.name === "Object");
  if (!plain || Object.getOwnPropertySymbols(value).length > 0) return false;
  return Object.values(value).every((item) => isPlainData(item, seen));
}

/** Best effort: a folder that cannot be written (a read-only checkout) only means parsing every time. */
function writeEntry(file: string, value: unknown): void {
  if (!isPlainData(value)) return;
  const bytes = serialize(value);
  const staging = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(staging, bytes);
    renameSync(staging, file);
  } catch {
    rmSync(staging, { force: true });
  }
}

/** `parse(text)` as the npm package `parser` (its installed version) parses it, from the cache if there. */
export function cachedParse<T>(parser: string, text: string, parse: (text: string) => T): T {
  const key = createHash("sha256")
    .update(`${parser}@${installedVersion(parser)}\0${text}`)
    .digest("hex");
  const file = join(cacheFolder(), key);
  const cached = readEntry(file);
  if (cached) return cached.value as T;
  const value = parse(text);
  writeEntry(file, value);
  return value;
}
