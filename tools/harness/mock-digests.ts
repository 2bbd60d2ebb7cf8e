/**
 * The digests the mock engine invents (registry lookups, pushed builds) start with sixteen zero hex
 * digits, `sha256:0000000000000000…`: no registry answered them, so the render, its diff and the
 * release report label each one "mock digest" wherever it appears. A real sha256 starts so with
 * odds of 1 in 2^64, so a digest an upstream source states is never taken for one.
 */
import { createHash } from "node:crypto";

const ZEROS = "0".repeat(16);
/** Every invented digest begins with this. */
const MOCK_DIGEST_PREFIX = `sha256:${ZEROS}`;
/** The label the printers put beside an invented digest. */
export const MOCK_DIGEST_LABEL = "mock digest";

/** A stable invented digest for `seed`: the prefix, then 48 hex digits of the seed's sha256. */
export function mockDigest(seed: string): string {
  return `${MOCK_DIGEST_PREFIX}${createHash("sha256").update(seed).digest("hex").slice(0, 48)}`;
}

// Also the hex-only form a chart's `sha` key takes (the 64 digits without `sha256:`).
const INVENTED = new RegExp(`(?<![0-9a-f])(?:sha256:)?${ZEROS}[0-9a-f]{48}(?![0-9a-f])`);

/** Whether a value (any JSON) holds a digest the mock engine invented. */
export function holdsMockDigest(value: unknown): boolean {
  return INVENTED.test(typeof value === "string" ? value : (JSON.stringify(value) ?? ""));
}

/** `text`, with " (mock digest)" after it when it holds an invented digest. */
export function labelMockDigest(text: string, value: unknown = text): string {
  return holdsMockDigest(value) ? `${text} (${MOCK_DIGEST_LABEL})` : text;
}

// An image reference with a registry path and an optional tag, pinned by an invented digest.
const INVENTED_REFERENCE = new RegExp(
  `[a-z0-9][a-z0-9._:-]*/[a-z0-9._/-]+(?::[A-Za-z0-9_][A-Za-z0-9_.-]*)?@sha256:${ZEROS}[0-9a-f]{48}`,
  "g",
);

/**
 * The console's list of the image references the render pins by an invented digest (app images, built
 * images, the checks' images), each once; chart values that hold one are listed with their install by unseen.ts.
 */
export function describeInventedReferences(values: unknown): string | undefined {
  const found = [...new Set(JSON.stringify(values).match(INVENTED_REFERENCE) ?? [])].sort();
  if (found.length === 0) return undefined;
  return [
    `Image references pinned by a digest the mock engine invented (${MOCK_DIGEST_PREFIX}…; a real preview asks each registry):`,
    ...found.map((reference) => `  ${reference} (${MOCK_DIGEST_LABEL})`),
  ].join("\n");
}
