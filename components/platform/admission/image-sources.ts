/**
 * Tenant images come only from the platform's own registry and the registries the platform lists
 * (slipway:platform.admission.allowedRegistries), and in prod only by digest: a tag can be moved to
 * another image after review. Slipway's own check images come from their upstream registries and are
 * admitted by exact reference, digest included (the parameters' `tool-image.*` entries, as the platform
 * resolved them: components/platform/check-images.ts; named in policy/policies/lib/exemptions.ts); in
 * prod they too must name a digest.
 *
 * An image is compared by its full name, as the container runtime resolves a short one: a first path
 * component that is `localhost` or holds a `.`, a `:` or an upper-case letter is a registry host;
 * anything else is on Docker Hub (`busybox` is `docker.io/library/busybox`, `curlimages/curl` is
 * `docker.io/curlimages/curl`; distribution/reference v0.6.0 normalize.go splitDockerDomain).
 */
import { HAS_POD_SPEC, POD_RULES, POD_VARIABLES, type TenantPolicy } from "./tenant-match";

const FULL_NAME =
  "i.matches('^(localhost|[^/]*[.:A-Z][^/]*)/') ? i : (i.contains('/') ? 'docker.io/' + i : 'docker.io/library/' + i)";

export const IMAGE_SOURCES: TenantPolicy = {
  name: "slipway-tenant-image-sources",
  usesParams: true,
  resourceRules: POD_RULES,
  matchConditions: [HAS_POD_SPEC],
  variables: [
    ...POD_VARIABLES,
    { name: "images", expression: "variables.containers.map(c, c.image)" },
    {
      name: "tools",
      expression: "params.data.filter(k, k.startsWith('tool-image.')).map(k, params.data[k])",
    },
    {
      name: "allowed",
      expression: `variables.images.filter(i, !(i in variables.tools)).map(i, ${FULL_NAME}).all(n, params.data.exists(k, k.startsWith('registry.') && (n.startsWith(params.data[k] + '/') || n.startsWith(params.data[k] + ':') || n.startsWith(params.data[k] + '@'))))`,
    },
  ],
  validations: [
    {
      expression: "variables.allowed",
      message:
        "an image comes from a registry the platform does not list (slipway:platform.admission.allowedRegistries)",
    },
    {
      expression:
        "params.data['digests-required'] != 'true' || variables.images.all(i, i.matches('@sha256:[0-9a-f]{64}$'))",
      message: "in prod every tenant image runs by digest (image@sha256:…), not by tag",
    },
  ],
};
