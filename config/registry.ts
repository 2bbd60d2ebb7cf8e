/**
 * `slipway:registry`: where app images live. `ecr` gives every app (or every listed app) its own
 * private ECR repository; `local` pushes to a registry next to a laptop cluster (kind's documented
 * localhost:5001 registry); `off` means apps only pull full image references. Without a mode, EKS
 * stacks use ECR and other stacks none.
 */
import { z } from "zod";
import { appName } from "./app";
import { ecrPathPrefix, registryHost } from "./aws-primitives";
import { bool, integer } from "./primitives";
import type { Tier } from "./tiers";

const REGISTRY_MODES = ["ecr", "local", "off"] as const;
export type RegistryMode = (typeof REGISTRY_MODES)[number];

export function registrySchema(tier: Tier) {
  const prod = tier === "prod";
  return z
    .strictObject({
      mode: z.enum(REGISTRY_MODES, { error: `expected one of ${REGISTRY_MODES.join(", ")}` }).optional(),
      /** `local` mode: the registry's host:port as both docker and the cluster's nodes reach it. */
      server: registryHost.optional(),
      /** Repositories are named <prefix>/<app>; the prefix defaults to slipway/<stack>. */
      repositoryPrefix: ecrPathPrefix.optional(),
      /** The apps that get a repository; every app when omitted. */
      apps: z.array(appName).optional(),
      keepTaggedImages: integer(1, 10000).default(prod ? 100 : 30),
      /** Untagged images (superseded builds) expire after this many days; running pods pin digests, so keep it above a rollback window. */
      untaggedExpiryDays: integer(1, 3650).default(prod ? 30 : 7),
      scanOnPush: bool.default(true),
      encryption: z.enum(["kms", "aes256"], { error: "expected kms or aes256" }).default("kms"),
      /** `protect` and `retainOnDelete` on every repository. */
      protect: bool.default(prod),
    })
    .superRefine((registry, ctx) => {
      if (registry.mode === "local" && !registry.server) {
        ctx.addIssue({
          code: "custom",
          path: ["server"],
          message: "expected the local registry's host:port, e.g. localhost:5001 (required when mode is local)",
        });
      }
      if (registry.mode !== "local" && registry.server) {
        ctx.addIssue({ code: "custom", path: ["server"], message: "applies only when mode is local" });
      }
    });
}

/** The mode in force: the configured one, else ECR next to an EKS cluster and none otherwise. */
export function effectiveRegistryMode(mode: unknown, clusterMode: unknown): RegistryMode {
  if (typeof mode === "string" && (REGISTRY_MODES as readonly string[]).includes(mode)) return mode as RegistryMode;
  return clusterMode === "eks" ? "ecr" : "off";
}

type ParsedRegistry = z.output<ReturnType<typeof registrySchema>>;
/** The mode in force; a local registry's `server` is always set (the schema's refinement, as a type). */
export type RegistryConfig = Omit<ParsedRegistry, "mode"> &
  ({ mode: "local"; server: string } | { mode: Exclude<RegistryMode, "local"> });

export function resolveRegistry(registry: ParsedRegistry, clusterMode: string): RegistryConfig {
  const mode = effectiveRegistryMode(registry.mode, clusterMode);
  if (mode !== "local") return { ...registry, mode };
  const { server } = registry;
  // registrySchema refuses local mode without a server before this runs.
  if (!server) throw new Error("slipway:registry.server: expected the local registry's host:port (mode is local)");
  return { ...registry, mode, server };
}
