/**
 * The Slipway program: validated config in, components wired in dependency order, outputs out.
 * No rules live here; they belong to stacks/config.ts and the components.
 */
import * as pulumi from "@pulumi/pulumi";
import { RandomBytes } from "@pulumi/random/randomBytes";
import { App } from "../components/app/app";
import { routedDomains } from "../components/platform/gateway-listeners";
import { Platform } from "../components/platform";
import { loadStackConfig } from "./config";
import { existingEksCluster } from "./existing-eks-cluster";
import { NAME_KEY_OUTPUT, readPreviousReleases, RELEASE_HISTORY_OUTPUT } from "./previous-releases";

export async function defineStack() {
  const config = loadStackConfig();
  const previous = await readPreviousReleases();
  // One key per stack for naming Secrets by a keyed digest of their values.
  const secretNameKey = new RandomBytes("secret-name-key", { length: 32 }).hex;
  const cluster = existingEksCluster(config.stack);
  const platform = new Platform("platform", {
    cluster: cluster.identity, clusterName: cluster.name, vpcId: cluster.vpcId, config: config.platform,
    stack: config.stack, environment: config.environment, domains: routedDomains(config.apps),
  });

  const apps: Record<string, App> = {};
  for (const name of Object.keys(config.apps).sort()) {
    apps[name] = new App(name, {
      config: config.apps[name],
      secrets: config.secrets[name] ?? {},
      stack: config.stack,
      environment: config.environment,
      gateway: config.platform.gateway,
      secretNameKey,
      knownSecretNameKey: previous.nameKey,
      secretsDigest: config.secretDigests[name],
      previousReleases: previous.apps[name],
      prometheusUrl: platform.monitoring?.prometheusUrl,
      provider: cluster.identity.provider,
    }, { dependsOn: platform.appDependencies });
  }

  return {
    environment: config.environment,
    platform: {
      gateway: platform.gateway,
      prometheusUrl: platform.monitoring?.prometheusUrl,
      grafanaAdminPassword: platform.monitoring?.grafanaAdminPassword,
      certificateIssuer: platform.certManager?.issuer,
      logGroup: platform.logging?.logGroupName,
    },
    apps: Object.fromEntries(Object.entries(apps).map(([name, app]) => [name, {
      namespace: app.namespace, workloads: app.workloads, configMap: app.configMapName, secret: app.secretName,
    }])),
    [RELEASE_HISTORY_OUTPUT]: Object.fromEntries(Object.entries(apps).map(([name, app]) => [name, app.releases])),
    [NAME_KEY_OUTPUT]: pulumi.secret(secretNameKey),
  };
}
