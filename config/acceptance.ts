/**
 * `slipway:apps.<app>.strategy.acceptance`: checks that run as Kubernetes Jobs (Argo Rollouts Job
 * analysis) against the new release's own Service before it gets real traffic (blue/green preview)
 * or more of it (each canary analysis step), next to the Prometheus analysis.
 *  - `smoke` (on by default): a few HTTP requests to the health path with an expected status;
 *    `false` turns it off, an object tunes it.
 *  - `tests`: the app's own test images, each a command that exits 0 when the release is acceptable.
 */
import { z } from "zod";
import { bool, commandLine, dnsLabel, httpPath, integer } from "./primitives";
import { imageReference, imageSchema } from "./image";

const smokeError = "expected true, false or { paths, statuses, requests }";

const smokeSchema = z.preprocess(
  // `smoke: true` / `smoke: false` are the common forms; the object form may also say `enabled`.
  (value) => (typeof value === "boolean" ? { enabled: value } : value),
  z.strictObject(
    {
      enabled: bool.default(true),
      /** Paths to request; by default the healthcheck's http path, or / for tcp and exec healthchecks. */
      paths: z
        .array(httpPath)
        .min(1, { error: "expected at least one path" })
        .max(10, { error: "expected at most 10 paths" })
        .optional(),
      /** Accepted statuses; by default 200-399 (what a kubelet http probe accepts), any non-5xx for /. */
      statuses: z.array(integer(100, 599)).min(1, { error: "expected at least one status" }).optional(),
      /** Requests per path; every one must be accepted. */
      requests: integer(1, 10).default(3),
    },
    { error: smokeError },
  ),
);

/** A test image must name its repository (it is not the app's) and be pinned. */
const testImage = imageSchema
  .refine((image): image is typeof image & { repository: string } => image.repository !== undefined, {
    error: "expected a repository for the test image",
  })
  .transform((image) => imageReference(image));

const testSchema = z.strictObject({
  image: testImage,
  /** Run with SLIPWAY_TARGET_URL set to the Service under test (http://<service>.<namespace>.svc). */
  command: commandLine,
  /** Job deadline: a test still running then fails the analysis. */
  timeoutSeconds: integer(10, 3600).default(300),
});

export const acceptanceSchema = z.strictObject({
  smoke: smokeSchema.default({ enabled: true, requests: 3 }),
  tests: z.record(dnsLabel("a test name", 20), testSchema).default({}),
});
export type AcceptanceConfig = z.output<typeof acceptanceSchema>;
export const ACCEPTANCE_DEFAULTS: AcceptanceConfig = acceptanceSchema.parse({});

/** Whether any acceptance Job runs. */
export function hasAcceptance(a: AcceptanceConfig): boolean {
  return a.smoke.enabled || Object.keys(a.tests).length > 0;
}
