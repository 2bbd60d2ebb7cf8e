/**
 * `slipway:apps.<app>.release`: the release phase (Heroku's `release:` process, Drycc's
 * `pipeline.run`). A command, typically database migrations, that runs once per release from the new
 * release's image, config and secrets, and must succeed before any workload of the app changes.
 * `on` says which releases run it: a new image (`code`), new env or secrets with the same image
 * (`config`), or a release that re-deploys one still in the app's release history (`rollback`).
 */
import { z } from "zod";
import { commandLine, integer } from "./primitives";

const RELEASE_KINDS = ["code", "config", "rollback"] as const;
export type ReleaseKind = (typeof RELEASE_KINDS)[number];

const kindsError = `expected a list of ${RELEASE_KINDS.join(", ")}`;

export const releaseCommandSchema = z.strictObject(
  {
    /** Run in the new image with the release's env and secrets, e.g. ["bin/rails", "db:migrate"]; exit 0 to release. */
    command: commandLine,
    /** The Job's deadline (activeDeadlineSeconds): still running then, it fails and the release stops. */
    timeoutSeconds: integer(10, 7200).default(600),
    /** Which releases run the command: code (a new image, and an app's first release), config (env or secrets only), rollback (a release from the history again). */
    on: z
      .array(z.enum(RELEASE_KINDS, { error: kindsError }), { error: kindsError })
      .min(1, { error: `${kindsError} (leave release out to run nothing)` })
      .refine((kinds) => new Set(kinds).size === kinds.length, { error: "expected each kind once" })
      .default([...RELEASE_KINDS]),
  },
  {
    error:
      "expected { command, timeoutSeconds, on } with command a list of words, e.g. { command: [bin/rails, db:migrate] }",
  },
);
export type ReleaseCommandConfig = z.output<typeof releaseCommandSchema>;
