/**
 * `slipway:platform.admission`: what the cluster itself admits in tenant namespaces, whoever applies the
 * object (Pulumi, kubectl, a controller). The registries listed here are where tenant images may come
 * from besides the platform's own registry (its ECR registry, or the local registry of a laptop stack);
 * the platform installs them as the parameters of its ValidatingAdmissionPolicies
 * (components/platform/admission/).
 */
import { z } from "zod";

/**
 * A registry host, or a repository path under one, written in full as the container runtime resolves it:
 * Docker Hub's images are `docker.io/library/busybox` and `docker.io/curlimages/curl`, not `busybox`.
 * An image is allowed when its full name continues the entry with `/`, `:` or `@`.
 */
const IMAGE_SOURCE = /^(localhost|[a-z0-9-]+(\.[a-z0-9-]+)+)(:\d{1,5})?(\/[a-z0-9]+([._-]+[a-z0-9]+)*)*$/;

const imageSource = z
  .string({ error: "expected a registry such as ghcr.io/acme (a host with a dot or localhost, then an optional path)" })
  .regex(IMAGE_SOURCE, {
    error:
      "expected a registry such as ghcr.io/acme or docker.io/library/busybox: a host with a dot (or localhost), an optional port and path, lowercase, no tag or digest",
  });

export const admissionSchema = z.strictObject({
  allowedRegistries: z.array(imageSource).default([]),
});
