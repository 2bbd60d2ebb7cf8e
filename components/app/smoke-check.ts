/**
 * The built-in HTTP smoke check: a POSIX shell script for the curl image that sends a few GETs to
 * each path of the Service under test ($SLIPWAY_TARGET_URL) and exits non-zero at the first answer
 * outside the accepted statuses (or no answer at all), which fails the Job and so the analysis.
 *
 * Defaults come from the healthcheck: an http healthcheck's path, accepting 200-399 like the
 * kubelet's http probe; tcp and exec healthchecks say nothing about HTTP, so the check asks for /
 * and only refuses server errors (500-599) and no answer: a 404 on / is a valid app, a crash is not.
 * Configured paths without configured statuses are judged the same way (their answers are unknown).
 */
import type { AcceptanceConfig, HealthcheckConfig } from "../../config/types";

/**
 * curl's own image (curl/curl-container) at its tag; it has sh and curl, nothing else. Pods run it by
 * the digest the platform looks the tag up to (components/platform/check-images.ts).
 */
export const SMOKE_IMAGE = "curlimages/curl:8.16.0";

/** Per attempt: connect within 3 s, finish within 5 s; 2 retries 1 s apart (curl --retry). */
const CONNECT_SECONDS = 3;
const MAX_SECONDS = 5;
const RETRIES = 2;
const RETRY_DELAY_SECONDS = 1;
/** Worst case of one request, all attempts timing out. */
const REQUEST_SECONDS = (RETRIES + 1) * MAX_SECONDS + RETRIES * RETRY_DELAY_SECONDS;

export interface SmokePlan {
  paths: string[];
  /** Accepted statuses: a list, or an inclusive range. */
  accept: { statuses: number[] } | { from: number; to: number };
  requests: number;
}

export function smokePlan(smoke: AcceptanceConfig["smoke"], healthcheck?: HealthcheckConfig): SmokePlan {
  const http = healthcheck?.type === "http" ? healthcheck.path : undefined;
  const paths = smoke.paths ?? [http ?? "/"];
  const accept = smoke.statuses
    ? { statuses: smoke.statuses }
    : http !== undefined && smoke.paths === undefined
      ? { from: 200, to: 399 }
      : { from: 100, to: 499 };
  return { paths, accept, requests: smoke.requests };
}

/** Upper bound of the script's run time, every request taking its worst case. */
export function smokeSeconds(plan: Pick<SmokePlan, "paths" | "requests">): number {
  return plan.paths.length * plan.requests * REQUEST_SECONDS;
}

function acceptFunction(accept: SmokePlan["accept"]): { fn: string; text: string } {
  if ("statuses" in accept) {
    return {
      fn: `ok() { case "$1" in ${accept.statuses.join("|")}) return 0 ;; esac; return 1; }`,
      text: accept.statuses.join(", "),
    };
  }
  return {
    fn: `ok() { [ "$1" -ge ${accept.from} ] && [ "$1" -le ${accept.to} ]; }`,
    text: `${accept.from}-${accept.to}`,
  };
}

/** The script; paths are validated to hold no quotes, spaces or `$`, so single quotes are safe. */
const shellQuoted = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

export function smokeScript(plan: SmokePlan): string {
  const { fn, text } = acceptFunction(plan.accept);
  const curl = [
    "curl --silent --show-error --output /dev/null --write-out '%{http_code}'",
    `--connect-timeout ${CONNECT_SECONDS} --max-time ${MAX_SECONDS}`,
    `--retry ${RETRIES} --retry-delay ${RETRY_DELAY_SECONDS} --retry-connrefused`,
    '"$SLIPWAY_TARGET_URL$path"',
  ].join(" ");
  return [
    "set -u",
    fn,
    // The schema admits no quote in a path (config/primitives.ts httpPath); quoting anyway keeps a word a word.
    `for path in ${plan.paths.map(shellQuoted).join(" ")}; do`,
    "  i=0",
    `  while [ "$i" -lt ${plan.requests} ]; do`,
    "    i=$((i + 1))",
    // curl prints 000 when nothing answered; `|| true` keeps that instead of stopping the script.
    `    code=$(${curl} || true)`,
    `    if ! ok "$code"; then echo "smoke: GET $path answered $code, expected ${text}" >&2; exit 1; fi`,
    '    echo "smoke: GET $path answered $code"',
    "  done",
    "done",
  ].join("\n");
}
