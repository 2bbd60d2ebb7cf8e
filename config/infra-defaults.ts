/**
 * Defaults that depend on another section, resolved once the whole stack config has parsed: the
 * registry mode follows the cluster mode, and an app build targets the EKS node groups' architecture.
 * The apps leave here typed as the program takes them (app-exclusive-keys.ts).
 */
import type { AppSettings } from "./app";
import { withOneImage, type AppConfig } from "./app-exclusive-keys";
import type { ClusterConfig } from "./cluster";
import { resolveRegistry, type RegistryConfig } from "./registry";

interface Sections {
  apps: Record<string, AppSettings>;
  cluster: ClusterConfig;
  registry: Parameters<typeof resolveRegistry>[0];
}

/** `linux/<arch>` when every EKS node group has the same architecture; undefined otherwise. */
export function nodePlatform(cluster: ClusterConfig): "linux/amd64" | "linux/arm64" | undefined {
  if (cluster.mode !== "eks") return undefined;
  const arches = new Set(Object.values(cluster.nodeGroups).map((group) => group.arch));
  return arches.size === 1 ? `linux/${[...arches][0]}` : undefined;
}

/** Every build without a platform targets the nodes' architecture, when they run one. */
export function withBuildPlatform(
  apps: Record<string, AppConfig>,
  platform: "linux/amd64" | "linux/arm64" | undefined,
): Record<string, AppConfig> {
  return Object.fromEntries(
    Object.entries(apps).map(([name, app]) => [
      name,
      app.build && !app.build.platform && platform ? { ...app, build: { ...app.build, platform } } : app,
    ]),
  );
}

export function resolveInfraDefaults<T extends Sections>(
  config: T,
): Omit<T, "apps" | "registry"> & { apps: Record<string, AppConfig>; registry: RegistryConfig } {
  const apps = withBuildPlatform(withOneImage(config.apps), nodePlatform(config.cluster));
  return { ...config, apps, registry: resolveRegistry(config.registry, config.cluster.mode) };
}
