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

export function benchmarkStack(appCount: number): StackInput {
  const apps: Record<string, unknown> = {};
  const secrets: Record<string, Record<string, string>> = {};
  for (let i = 0; i < appCount; i++) {
    const name = `app-${String(i).padStart(4, "0")}`;
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

export function benchmarkPlatformStack(): StackInput {
  const base = benchmarkStack(0);
  const config = Object.fromEntries(
    Object.entries(base.config).filter(([key]) => key !== "slipway:apps" && key !== "slipway:secrets"),
  );
  return {
    stack: LAYERED_PLATFORM,
    config: { ...config, "slipway:layer": "platform" },
    secretKeys: base.secretKeys.filter((key) => key !== "slipway:secrets"),
  };
}

/** Apps stack number `index` of the layered benchmark: `appCount` apps like benchmarkStack's, named apart. */
export function benchmarkAppsStack(index: number, appCount: number): StackInput {
  const team = `team-${String(index).padStart(2, "0")}`;
  const full = benchmarkStack(appCount);
  const rename = (record: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(record).map(([name, value]) => [
        `${team}-${name}`,
        JSON.parse(JSON.stringify(value).replaceAll(`${name}.${APPS_ZONE}`, `${team}-${name}.${APPS_ZONE}`)),
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
