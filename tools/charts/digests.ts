/**
 * Which digest a pinned chart's package must have: the one given on the command line, else the one
 * its pin records (`packageDigest`, components/platform/services/<key>.ts) for exactly the pinned
 * version; or why there is none.
 */
import type { ChartPin } from "../../components/platform/charts";

export type Expected = { sha256: string; from: "recorded" | "given" } | { refused: string };

export function expectedDigest(pin: ChartPin, given: Readonly<Record<string, string>> = {}): Expected {
  if (given[pin.chart]) return { sha256: given[pin.chart], from: "given" };
  const recorded = pin.packageDigest;
  if (recorded.version !== pin.version)
    return { refused: `its pin records a package digest for ${recorded.version}, the pin is ${pin.version}` };
  if ("unverified" in recorded)
    return { refused: `unverified digest (${recorded.unverified}): give one with --digest ${pin.chart}=<sha256>` };
  return { sha256: recorded.sha256, from: "recorded" };
}
