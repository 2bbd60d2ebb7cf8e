/**
 * `slipway:apps.<app>.build`: build the app's image from source and push it to the app's repository
 * (instead of giving an `image`). The workload then runs exactly the pushed digest.
 */
import { posix } from "node:path";
import { z } from "zod";
import { looksLikeCredential } from "./primitives";

/**
 * Paths in config are relative to the Pulumi project, so a stack behaves the same on every machine,
 * and stay inside it: the build hashes and sends whatever the path names. Links are resolved by
 * stacks/build-context.ts, which reads the file system.
 */
const relativePath = z
  .string({ error: "expected a path relative to the project directory, such as apps/web" })
  .min(1, { error: "expected a path relative to the project directory, such as apps/web" })
  .refine((path) => !/^([/~\\]|[A-Za-z]:)/.test(path), {
    error: "expected a path relative to the project directory (not absolute), such as apps/web",
  })
  .refine((path) => !posix.normalize(path.replaceAll("\\", "/")).split("/").includes(".."), {
    error: "expected a path inside the project directory (no ..), such as apps/web",
  });

const buildArgName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: "expected a build argument name: letters, digits and '_'" });

export const buildSchema = z
  .strictObject({
    /** The build context directory, relative to the Pulumi project. */
    context: relativePath,
    /** Relative to the project (like `docker build -f`); defaults to <context>/Dockerfile. */
    dockerfile: relativePath.optional(),
    /** A stage of a multi-stage Dockerfile. */
    target: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: "expected a build stage name such as runtime" })
      .optional(),
    args: z.record(buildArgName, z.string({ error: "expected a string value" })).default({}),
    /**
     * The nodes' architecture. On EKS it defaults to the node groups' (when they share one); on an
     * existing cluster to the architecture of the machine that builds (a laptop's kind cluster).
     */
    platform: z.enum(["linux/amd64", "linux/arm64"], { error: "expected linux/amd64 or linux/arm64" }).optional(),
  })
  .superRefine((build, ctx) => {
    for (const name of Object.keys(build.args)) {
      if (looksLikeCredential(name)) {
        ctx.addIssue({
          code: "custom",
          path: ["args", name],
          message:
            "looks like a credential; build arguments are stored in the image's history (use a BuildKit secret or an app secret)",
        });
      }
    }
  });

export type BuildConfig = z.output<typeof buildSchema>;
