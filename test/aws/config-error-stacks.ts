/** The stacks the bad-infrastructure-config cases start from (test/aws/bad-cluster-config.ts, bad-app-config.ts). */
import { eksCluster } from "../support/aws";
import { webApp } from "../support/stack";

export type Config = Record<string, unknown>;

/** A case: what is wrong, the key its error names, a fragment of that error, and the stack config. */
export type BadConfigCase = [string, string, string, Config];

export const apps = { web: webApp() };

/** A dev stack on EKS with `cluster` over the defaults. */
export const eks = (cluster: Config, extra: Config = {}): Config => ({
  environment: "dev",
  cluster: eksCluster(cluster),
  apps,
  ...extra,
});

/** A dev stack on EKS whose one app is `web`. */
export const withApp = (web: Config, extra: Config = {}): Config => ({
  environment: "dev",
  cluster: eksCluster(),
  apps: { web },
  ...extra,
});
