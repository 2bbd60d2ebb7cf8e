/**
 * Stack configs of N realistic apps for the benchmark: the committed prod stack (EKS, platform
 * services, policies at prod levels) with its apps replaced by N web apps with env, secrets, a public
 * domain and autoscaling like the example apps, every third with a worker process as well. The apps'
 * domains sit under one Gateway wildcard, as a platform of hundreds of apps would run them.
 */
import { readStackFile } from "../harness/stack-file";
import type { StackInput } from "../harness/run-program";

const BASE_STACK = "Pulumi.prod.yaml";
const APPS_ZONE = "apps.example.com";
const teamName = (index: number) => `team-${String(index).padStart(2, "0")}`;
const appName = (index: number) => `app-${String(index).padStart(4, "0")}`;

export function benchmarkStack(appCount: number): StackInput {
  const apps: Record<string, unknown> = {};
  const secrets: Record<string, Record<string, string>> = {};
  for (let i = 0; i < appCount; i++) {
    const name = appName(i);
    apps[name] = {
      image: { repository: `ghcr.io/acme/${name}`, tag: `1.${i % 10}.0` },
      port: 8080,
      env: { LOG_LEVEL: "info", REGION: "eu-west-1", FEATURE_FLAGS: `f${i % 7}`, CACHE_TTL_SECONDS: 300 },
      domains: [`${name}.${APPS_ZONE}`],
      autoscale: { min: 2, max: 10, cpuPercent: 70 },
      healthcheck: { type: "http", path: "/healthz" },
      ...(i % 3 === 0 ? { processes: { web: {}, worker: { command: ["bin/worker"], replicas: 2 } } } : {}),
    };
    secrets[name] = { DATABASE_URL: `postgres://db-${i}`, API_TOKEN_SECRET: `secret-${i}` };
  }
  const base = readStackFile(BASE_STACK, `bench-${appCount}`);
  const platform = JSON.parse(base.config["slipway:platform"]);
  platform.gateway = { ...platform.gateway, wildcards: [`*.${APPS_ZONE}`] };
  return {
    stack: base.stack,
    config: {
      ...base.config,
      "slipway:platform": JSON.stringify(platform),
      "slipway:apps": JSON.stringify(apps),
      "slipway:secrets": JSON.stringify(secrets),
    },
    secretKeys: [...new Set([...base.secretKeys, "slipway:secrets"])],
  };
}

/** The layered benchmark's platform: the committed prod stack as a `platform` stack, no apps. */
const LAYERED_PLATFORM = "bench-platform";

/**
 * The platform of `stacks` apps stacks of `appCount` apps each: it grants each apps stack its apps'
 * namespaces and one DNS suffix (`*.team-00.apps.example.com`, one Gateway listener per team), as a
 * platform must before an apps stack may deploy there (slipway:cluster.access.appStacks).
 */
export function benchmarkPlatformStack(stacks: number, appCount: number): StackInput {
  const base = readStackFile(BASE_STACK, LAYERED_PLATFORM);
  const config = Object.fromEntries(
    Object.entries(base.config).filter(([key]) => key !== "slipway:apps" && key !== "slipway:secrets"),
  );
  const cluster = JSON.parse(config["slipway:cluster"]);
  const appStacks: Record<string, unknown> = {};
  for (let s = 0; s < stacks; s++) {
    const apps = Array.from({ length: appCount }, (_, a) => `${teamName(s)}-${appName(a)}`);
    appStacks[`bench-${teamName(s)}`] = {
      roleArn: `arn:aws:iam::210987654321:role/deploy-bench-${teamName(s)}`,
      namespaces: apps,
      hostnames: [`*.${teamName(s)}.${APPS_ZONE}`],
    };
  }
  cluster.access = { ...cluster.access, appStacks };
  return {
    stack: LAYERED_PLATFORM,
    config: { ...config, "slipway:cluster": JSON.stringify(cluster), "slipway:layer": "platform" },
    secretKeys: base.secretKeys.filter((key) => key !== "slipway:secrets"),
  };
}

/**
 * Apps stack number `index` of the layered benchmark: `appCount` apps like benchmarkStack's, named
 * apart, their domains under the stack's granted suffix.
 */
export function benchmarkAppsStack(index: number, appCount: number): StackInput {
  const team = teamName(index);
  const full = benchmarkStack(appCount);
  const rename = (record: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(record).map(([name, value]) => [
        `${team}-${name}`,
        JSON.parse(JSON.stringify(value).replaceAll(`${name}.${APPS_ZONE}`, `${name}.${team}.${APPS_ZONE}`)),
      ]),
    );
  return {
    stack: `bench-${team}`,
    config: {
      "aws:region": full.config["aws:region"],
      "slipway:layer": "apps",
      "slipway:environment": full.config["slipway:environment"],
      "slipway:platformStack": LAYERED_PLATFORM,
      "slipway:apps": JSON.stringify(rename(JSON.parse(full.config["slipway:apps"]))),
      "slipway:secrets": JSON.stringify(rename(JSON.parse(full.config["slipway:secrets"]))),
    },
    secretKeys: ["slipway:secrets"],
  };
}
