/**
 * Stack configs of N realistic apps for the benchmark: each a web app with env, secrets and autoscaling
 * like the example stacks, every third with a worker process as well; the first 60 have a public domain.
 */
import type { StackInput } from "../harness/run-program";

const PUBLIC_APPS = 60;

export function benchmarkStack(appCount: number): StackInput {
  const apps: Record<string, unknown> = {};
  const secrets: Record<string, Record<string, string>> = {};
  for (let i = 0; i < appCount; i++) {
    const name = `app-${String(i).padStart(4, "0")}`;
    apps[name] = {
      image: { repository: `ghcr.io/acme/${name}`, tag: `1.${i % 10}.0` },
      port: 8080,
      env: { LOG_LEVEL: "info", REGION: "eu-west-1", FEATURE_FLAGS: `f${i % 7}`, CACHE_TTL_SECONDS: 300 },
      // The shared Gateway serves at most 63 domains (Gateway API's 64 listeners): the rest are internal.
      ...(i < PUBLIC_APPS ? { domains: [`${name}.example.com`] } : { routable: false }),
      autoscale: { min: 2, max: 10, cpuPercent: 70 },
      healthcheck: { type: "http", path: "/healthz" },
      ...(i % 3 === 0 ? { processes: { web: {}, worker: { command: ["bin/worker"], replicas: 2 } } } : {}),
    };
    secrets[name] = { DATABASE_URL: `postgres://db-${i}`, API_TOKEN_SECRET: `secret-${i}` };
  }
  return {
    stack: `bench-${appCount}`,
    config: {
      "slipway:environment": "prod",
      "slipway:apps": JSON.stringify(apps),
      "slipway:secrets": JSON.stringify(secrets),
    },
    secretKeys: ["slipway:secrets"],
  };
}
