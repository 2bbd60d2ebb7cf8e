/**
 * A corpus of mistakes users make in stack files. Each must fail with a message naming the exact key
 * and what was expected, and the program must register nothing.
 */
import { rejected, webApp, type ConfigObject } from "../support/stack";

async function problemsFor(config: ConfigObject): Promise<string[]> {
  const { messages, registered } = await rejected(config);
  expect(registered).toHaveLength(0);
  return messages;
}

const app = (overrides: ConfigObject) => ({ environment: "dev", apps: { web: webApp(overrides) } });

const corpus: Array<[string, ConfigObject, string]> = [
  ["missing environment", { apps: { web: webApp() } }, "slipway:environment: expected one of dev, staging, prod"],
  [
    "unknown environment",
    { environment: "production" },
    'slipway:environment: expected one of dev, staging, prod, got "production"',
  ],
  ["unknown top-level key", { environment: "dev", aps: {} }, "slipway:aps: unknown key"],
  ["typo in an app key", app({ replcas: 2 }), 'slipway:apps.web.replcas: unknown key (did you mean "replicas"?)'],
  [
    "review value not a string",
    app({ review: { secrets: { DATABASE_URL: 5 } } }),
    "slipway:apps.web.review.secrets.DATABASE_URL: expected a string value",
  ],
  [
    "review secret name not an env var name",
    app({ review: { secrets: { "DATABASE-URL": "x" } } }),
    "slipway:apps.web.review.secrets.DATABASE-URL",
  ],
  [
    "typo in the review key",
    app({ review: { secret: {} } }),
    'slipway:apps.web.review.secret: unknown key (did you mean "secrets"?)',
  ],
  ["replicas as text", app({ replicas: "two" }), 'slipway:apps.web.replicas: expected an integer ≥ 1, got "two"'],
  ["zero replicas", app({ replicas: 0 }), "slipway:apps.web.replicas: expected an integer ≥ 1, got 0"],
  [
    "app name with capitals",
    { environment: "dev", apps: { Web: webApp() } },
    "slipway:apps.Web: invalid name: expected an app name",
  ],
  [
    "app name reserved",
    { environment: "dev", apps: { "kube-tools": webApp() } },
    "slipway:apps.kube-tools: expected an app name that is not a reserved namespace",
  ],
  [
    "image without repository or registry",
    app({ image: { tag: "1.0" } }),
    "slipway:apps.web.image: needs the app's own registry repository, but no registry is configured",
  ],
  [
    "image tag latest",
    app({ image: { repository: "ghcr.io/acme/web", tag: "latest" } }),
    'slipway:apps.web.image.tag: expected a pinned tag: "latest" is not allowed',
  ],
  [
    "image not pinned",
    app({ image: { repository: "ghcr.io/acme/web" } }),
    "slipway:apps.web.image: expected a pinned image",
  ],
  [
    "image repository uppercase",
    app({ image: { repository: "ghcr.io/Acme/web", tag: "1" } }),
    "slipway:apps.web.image.repository: expected an image repository",
  ],
  [
    "bad digest",
    app({ image: { repository: "ghcr.io/acme/web", digest: "sha256:abc" } }),
    "slipway:apps.web.image.digest: expected a digest such as sha256:<64 hex digits>",
  ],
  ["port out of range", app({ port: 70000 }), "slipway:apps.web.port: expected an integer from 1 to 65535, got 70000"],
  [
    "bad cpu quantity",
    app({ resources: { cpu: "lots" } }),
    'slipway:apps.web.resources.cpu: expected a Kubernetes cpu quantity such as 250m or 1, got "lots"',
  ],
  [
    "bad memory quantity",
    app({ resources: { memory: "256MB" } }),
    'slipway:apps.web.resources.memory: expected a Kubernetes memory quantity such as 256Mi or 1Gi, got "256MB"',
  ],
  [
    "limit below request",
    app({ resources: { memory: "1Gi", memoryLimit: "512Mi" } }),
    "slipway:apps.web.resources.memoryLimit: expected a limit ≥ memory (1Gi)",
  ],
  [
    "env name invalid",
    app({ env: { "LOG-LEVEL": "info" } }),
    "slipway:apps.web.env.LOG-LEVEL: invalid name: expected an environment variable name",
  ],
  [
    "credential in plain env",
    app({ env: { DB_PASSWORD: "hunter2" } }),
    "slipway:apps.web.env.DB_PASSWORD: looks like a credential; keep it out of plain config: pulumi config set --secret --path 'slipway:secrets.web.DB_PASSWORD'",
  ],
  [
    "api key in plain env",
    app({ env: { STRIPE_API_KEY: "sk_live" } }),
    "slipway:apps.web.env.STRIPE_API_KEY: looks like a credential",
  ],
  [
    "domain with a scheme",
    app({ domains: ["https://www.example.com"] }),
    "slipway:apps.web.domains[0]: expected a lowercase domain name",
  ],
  [
    "domain listed twice",
    app({ domains: ["a.example.com", "a.example.com"] }),
    "slipway:apps.web.domains: expected each domain once",
  ],
  [
    "domain on two apps",
    {
      environment: "dev",
      apps: { a: webApp({ domains: ["x.example.com"] }), b: webApp({ domains: ["x.example.com"] }) },
    },
    'slipway:apps.b.domains[0]: "x.example.com" is already routed to another app by slipway:apps.a.domains[0]',
  ],
  [
    "autoscale min above max",
    app({ autoscale: { min: 5, max: 2 } }),
    "slipway:apps.web.autoscale.max: expected max ≥ min",
  ],
  [
    "replicas and autoscale",
    app({ replicas: 3, autoscale: { min: 2, max: 4 } }),
    "slipway:apps.web.replicas: expected either replicas or autoscale, not both",
  ],
  [
    "worker without command",
    app({ processes: { worker: { replicas: 1 } } }),
    "slipway:apps.web.processes.worker.command: expected a command (required for every process type other than web)",
  ],
  [
    "domains without web",
    app({ domains: ["a.example.com"], processes: { worker: { command: ["w"] } } }),
    "slipway:apps.web.domains: expected a web process to route the domains to",
  ],
  [
    "http check without path",
    app({ healthcheck: { type: "http" } }),
    "slipway:apps.web.healthcheck.path: expected a path (required when type is http)",
  ],
  [
    "secret for an unknown app",
    { environment: "dev", apps: { web: webApp() }, secrets: { api: { TOKEN: "x" } } },
    'slipway:secrets.api: no app named "api" in slipway:apps',
  ],
  [
    "secret also in env",
    {
      environment: "dev",
      apps: { web: webApp({ env: { DATABASE_URL: "x" } }) },
      secrets: { web: { DATABASE_URL: "y" } },
    },
    "slipway:secrets.web.DATABASE_URL: also set in slipway:apps.web.env.DATABASE_URL",
  ],
  [
    "IAM role that is not an ARN",
    app({ serviceAccount: { iamRoleArn: "web-role" } }),
    "slipway:apps.web.serviceAccount.iamRoleArn: expected an IAM role ARN",
  ],
  [
    "egress mode unknown",
    app({ network: { egress: "closed" } }),
    "slipway:apps.web.network.egress: expected restricted (DNS, the app's namespace, its dependsOn apps, the router, HTTPS outside private networks) or open (any destination)",
  ],
  [
    "dependency on an app the stack does not have",
    app({ network: { dependsOn: ["billing"] } }),
    'slipway:apps.web.network.dependsOn[0]: no app named "billing" in slipway:apps of this stack',
  ],
  [
    "dependency on an app without a web process",
    {
      environment: "dev",
      apps: {
        web: webApp({ network: { dependsOn: ["jobs"] } }),
        jobs: webApp({ processes: { worker: { command: ["bin/work"] } } }),
      },
    },
    "slipway:apps.web.network.dependsOn[0]: slipway:apps.jobs has no web process to connect to",
  ],
  [
    // A whole migration script pasted as one argument: one byte past what exec takes (128 KiB, in UTF-8).
    "release command argument longer than exec takes",
    app({ release: { command: ["sh", "-c", `${"é".repeat(64 * 1024)}x`] } }),
    "slipway:apps.web.release.command[2]: expected at most 131072 bytes (exec refuses a longer argument: Linux's MAX_ARG_STRLEN)",
  ],
];

describe("bad config is rejected before anything is registered", () => {
  test.each(corpus)("%s", async (_name, config, expected) => {
    const problems = await problemsFor(config);
    expect(problems).toContainEqual(
      expect.stringMatching(new RegExp(`^${expected.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`)),
    );
  });

  test("every problem is reported at once", async () => {
    const problems = await problemsFor({
      environment: "prod",
      apps: { web: webApp({ replicas: "two", port: 0 }), api: webApp({ env: { API_TOKEN: "t" } }) },
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^slipway:apps\.web\.replicas: /),
        expect.stringMatching(/^slipway:apps\.web\.port: /),
        expect.stringMatching(/^slipway:apps\.api\.env\.API_TOKEN: /),
      ]),
    );
  });

  test("secret values never appear in error messages", async () => {
    const problems = await problemsFor({
      environment: "dev",
      apps: { web: webApp() },
      secrets: { web: { DATABASE_URL: 42, "bad-name": "s3cr3t-value" } },
    });
    expect(problems.join("\n")).toContain("slipway:secrets.web.DATABASE_URL: expected a string value");
    expect(problems.join("\n")).not.toContain("42");
    expect(problems.join("\n")).not.toContain("s3cr3t-value");
  });
});
