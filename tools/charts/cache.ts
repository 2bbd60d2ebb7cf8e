/**
 * The chart cache: packages stored by content (`<cache>/sha256/<hex>.tgz`), so a render that finds a
 * file there knows exactly which package it is; and, per pin, which digest was pulled for it
 * (`<cache>/pins/<chart>@<version>`), for charts whose digest is given on pull's command line.
 * Writes go to a temporary file renamed into place: a reader never sees half a package.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export const DEFAULT_CHART_CACHE = ".cache/charts";

export const sha256Of = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

const SHA256 = /^[0-9a-f]{64}$/;
export const isSha256 = (text: string) => SHA256.test(text);

/** The pin's file name: OCI references hold slashes. */
const pinFile = (dir: string, chart: string, version: string) =>
  join(dir, "pins", `${chart.replace(/[^A-Za-z0-9._-]/g, "_")}@${version}`);

function writeAtomically(path: string, bytes: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.partial`;
  writeFileSync(temporary, bytes);
  renameSync(temporary, path);
}

export class ChartCache {
  constructor(readonly dir: string) {}

  packagePath(sha256: string): string {
    return join(this.dir, "sha256", `${sha256}.tgz`);
  }

  /** Whether the cache holds a package with this digest, and its content still has it. */
  holds(sha256: string): boolean {
    const path = this.packagePath(sha256);
    return existsSync(path) && sha256Of(readFileSync(path)) === sha256;
  }

  /** Stores a package whose bytes have the digest; throws when they do not. */
  store(bytes: Uint8Array, sha256: string): string {
    const actual = sha256Of(bytes);
    if (actual !== sha256) throw new Error(`sha256 ${actual}, expected ${sha256}`);
    const path = this.packagePath(sha256);
    writeAtomically(path, bytes);
    return path;
  }

  /** Records which digest was pulled for a pin. */
  recordPin(chart: string, version: string, sha256: string): void {
    writeAtomically(pinFile(this.dir, chart, version), `${sha256}\n`);
  }

  /** The digest pulled for a pin, when one was. */
  pinnedDigest(chart: string, version: string): string | undefined {
    const path = pinFile(this.dir, chart, version);
    if (!existsSync(path)) return undefined;
    const text = readFileSync(path, "utf8").trim();
    return isSha256(text) ? text : undefined;
  }
}
