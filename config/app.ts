/**
 * One app in `slipway:apps`: what a Deis/Heroku user sets (image, processes, env, domains, scale)
 * plus the production knobs a platform team expects. Parsing resolves every default for the tier,
 * so components receive complete, explicit settings.
 */
import { z } from "zod";
import { appAwsSchema } from "./app-aws";
import { appNetworkSchema } from "./app-network";
import { iamRoleArn } from "./aws-primitives";
import { buildSchema } from "./build";
import { imageSchema } from "./image";
import {
  bool,
  commandLine,
  cpuQuantity,
  dnsLabel,
  domainName,
  envValue,
  envVarName,
  httpPath,
  integer,
  looksLikeCredential,
  memoryQuantity,
} from "./primitives";
import { parseQuantity } from "./quantity";
import { releaseCommandSchema } from "./release-command";
import { appReviewSchema } from "./review-secrets";
import { scheduleSchema, type ScheduleConfig } from "./schedule";
import { strategySchema, type StrategyConfig } from "./strategy";
import { APP_OF_KEY } from "./errors";
import type { TierDefaults } from "./tiers";

/** App names become namespaces and name prefixes; 30 characters leave room for every suffix. */
export const appName = dnsLabel("an app name", 30).refine((name) => !name.startsWith("kube-") && name !== "default", {
  error: "expected an app name that is not a reserved namespace (default, kube-*)",
});
const processName = dnsLabel("a process type name", 15);

function resourcesSchema(defaults: TierDefaults["resources"]) {
  return z
    .strictObject({
      cpu: cpuQuantity.default(defaults.cpu),
      memory: memoryQuantity.default(defaults.memory),
      cpuLimit: cpuQuantity.default(defaults.cpuLimit),
      memoryLimit: memoryQuantity.default(defaults.memoryLimit),
    })
    .superRefine((r, ctx) => {
      for (const [request, limit] of [
        ["cpu", "cpuLimit"],
        ["memory", "memoryLimit"],
      ] as const) {
        const [limitValue, requestValue] = [parseQuantity(r[limit]), parseQuantity(r[request])];
        // Each quantity parsed with its own schema first; an unparsable one was refused there.
        if (limitValue !== undefined && requestValue !== undefined && limitValue < requestValue) {
          ctx.addIssue({
            code: "custom",
            path: [limit],
            input: r[limit],
            message: `expected a limit ≥ ${request} (${r[request]})`,
          });
        }
      }
    });
}

const autoscaleSchema = z
  .strictObject({ min: integer(1), max: integer(1), cpuPercent: integer(1, 100).default(70) })
  .refine((a) => a.max >= a.min, { path: ["max"], error: "expected max ≥ min" });

const healthcheckSchema = z
  .strictObject({
    type: z.enum(["http", "tcp", "exec"], { error: "expected one of http, tcp, exec" }).default("tcp"),
    path: httpPath.optional(),
    command: commandLine.optional(),
    initialDelaySeconds: integer(0).default(0),
    periodSeconds: integer(1).default(10),
    timeoutSeconds: integer(1).default(2),
    failureThreshold: integer(1).default(3),
    /** How long the container may take to start before liveness applies (a startup probe). */
    startupSeconds: integer(0).default(60),
  })
  .superRefine((h, ctx) => {
    if (h.type === "http" && !h.path)
      ctx.addIssue({ code: "custom", path: ["path"], message: "expected a path (required when type is http)" });
    if (h.type === "exec" && !h.command)
      ctx.addIssue({ code: "custom", path: ["command"], message: "expected a command (required when type is exec)" });
  });
export type HealthcheckConfig = z.output<typeof healthcheckSchema>;

/** A credential-looking name is refused at the key itself, so the hint shows whatever else is wrong. */
const plainEnvName = envVarName.refine((name) => !looksLikeCredential(name), {
  error: (issue) =>
    `looks like a credential; keep it out of plain config: pulumi config set --secret --path 'slipway:secrets.${APP_OF_KEY}.${String(issue.input)}' <value>`,
});
const envSchema = z.record(plainEnvName, envValue);

function processSchema(defaults: TierDefaults) {
  return z.strictObject({
    command: commandLine.optional(),
    args: z.array(z.string()).optional(),
    replicas: integer(1).optional(),
    autoscale: autoscaleSchema.optional(),
    resources: resourcesSchema(defaults.resources).optional(),
    healthcheck: healthcheckSchema.optional(),
    /** Runs on a schedule as a CronJob instead of always-on pods. */
    schedule: scheduleSchema.optional(),
  });
}

function appObject(defaults: TierDefaults) {
  const resources = resourcesSchema(defaults.resources);
  return z.strictObject({
    /** Either `image` or `build`: exactly one of them is set. */
    image: imageSchema.optional(),
    build: buildSchema.optional(),
    /** AWS access through an IRSA role; exclusive with serviceAccount.iamRoleArn. */
    aws: appAwsSchema.optional(),
    /** The port the `web` process listens on. */
    port: integer(1, 65535).default(8080),
    /** A fixed pod count (the tier's when neither this nor autoscale is set). */
    replicas: integer(1).optional(),
    /** `{ min, max, cpuPercent }`: an HPA owns the pod count. */
    autoscale: autoscaleSchema.optional(),
    /** Requests and limits of each container. */
    resources: resources.default(() => resources.parse({})),
    /** Readiness, liveness and startup probes. */
    healthcheck: healthcheckSchema.default(healthcheckSchema.parse({})),
    /** Process types; only `web` is served. Each may set its own command, scaling, resources and healthcheck. */
    processes: z.record(processName, processSchema(defaults)).default({ web: {} }),
    /** Plain config, written to an immutable ConfigMap; credential-looking names are refused. */
    env: envSchema.default({}),
    /** Hostnames routed to `web` from the Gateway through an HTTPRoute. */
    domains: z
      .array(domainName)
      .refine((d) => new Set(d).size === d.length, { error: "expected each domain once" })
      .default([]),
    /** `false` keeps the app internal even with domains. */
    routable: bool.default(true),
    /** Where the app's pods may connect (egress NetworkPolicy) and which apps of the stack it calls. */
    network: appNetworkSchema,
    /** The pods' service account: an IAM role to assume (IRSA) and whether its token is mounted. */
    serviceAccount: z
      .strictObject({
        iamRoleArn: iamRoleArn.optional(),
        /**
         * Mount the Kubernetes API token. Under restricted egress the pods then also get HTTPS to any
         * address: the API server's ClusterIP is a private one (docs/network.md).
         */
        automountToken: bool.default(false),
      })
      .default({ automountToken: false }),
    /** Seconds the pod keeps serving after removal from endpoints, then seconds the app gets to stop. */
    shutdown: z
      .strictObject({ preStopSeconds: integer(0, 300).default(10), gracePeriodSeconds: integer(1, 3600).default(30) })
      .default({ preStopSeconds: 10, gracePeriodSeconds: 30 }),
    /** `pulumi up` waits this long for a rollout; Kubernetes declares it failed a minute earlier. */
    rolloutTimeoutSeconds: integer(120, 7200).default(600),
    /** The non-root user the containers run as. */
    runAsUser: integer(1).default(10001),
    /** Old ReplicaSets Kubernetes keeps. */
    revisionHistoryLimit: integer(0, 50).default(defaults.revisionHistoryLimit),
    /** How `web` releases reach traffic; other process types always roll. */
    strategy: strategySchema.default({ type: "rolling" }),
    /** Previous releases whose ConfigMap and Secret are kept besides the current one. */
    releaseHistory: integer(1, 20).default(3),
    /** The release phase: a command (e.g. migrations) that must succeed before any workload changes. */
    release: releaseCommandSchema.optional(),
    /** What the app's copies in review stacks get instead of this stack's own (its secrets' review values). */
    review: appReviewSchema,
  });
}
type ParsedApp = z.output<ReturnType<typeof appObject>>;
type ProcessConfig = ParsedApp["processes"][string];

const BOTH_SCALINGS = "expected either replicas or autoscale, not both (the autoscaler owns the replica count)";

export function appSchema(defaults: TierDefaults) {
  return appObject(defaults)
    .superRefine((app, ctx) => {
      if (app.replicas !== undefined && app.autoscale) {
        ctx.addIssue({ code: "custom", path: ["replicas"], message: BOTH_SCALINGS });
      }
      for (const [name, process] of Object.entries(app.processes)) {
        if (name !== "web" && !process.command) {
          ctx.addIssue({
            code: "custom",
            path: ["processes", name, "command"],
            message: "expected a command (required for every process type other than web)",
          });
        }
        if (process.replicas !== undefined && process.autoscale) {
          ctx.addIssue({ code: "custom", path: ["processes", name, "replicas"], message: BOTH_SCALINGS });
        }
        if (process.schedule) scheduledProblems(name, process, ctx);
      }
      if (app.routable && app.domains.length > 0 && !app.processes.web) {
        ctx.addIssue({
          code: "custom",
          path: ["domains"],
          message: "expected a web process to route the domains to (add processes.web or remove domains)",
        });
      }
      strategyProblems(app.strategy, {
        hasWeb: Boolean(app.processes.web),
        routed: app.routable && app.domains.length > 0,
      }).forEach(({ path, message }) => ctx.addIssue({ code: "custom", path: ["strategy", ...path], message }));
    })
    .transform((app) => ({ ...app, processes: resolveProcesses(app, defaults) }));
}

/** A scheduled process runs to completion: nothing serves, scales or probes it. */
const NOT_FOR_SCHEDULED = {
  replicas: "a run is one pod",
  autoscale: "a run is one pod",
  healthcheck: "a run is not probed; activeDeadlineSeconds bounds it",
} as const;

function scheduledProblems(name: string, process: ProcessConfig, ctx: z.RefinementCtx): void {
  if (name === "web") {
    ctx.addIssue({
      code: "custom",
      path: ["processes", name, "schedule"],
      message: "expected no schedule on web (it serves traffic); name the scheduled process otherwise",
    });
  }
  for (const [key, reason] of Object.entries(NOT_FOR_SCHEDULED)) {
    if (process[key as keyof typeof NOT_FOR_SCHEDULED] === undefined) continue;
    ctx.addIssue({
      code: "custom",
      path: ["processes", name, key],
      message: `expected no ${key} on a scheduled process (${reason})`,
    });
  }
}

/**
 * A progressive strategy drives the `web` process, and its traffic split and analysis both work
 * through the router: the app must be routed to use them.
 */
function strategyProblems(
  strategy: StrategyConfig,
  app: { hasWeb: boolean; routed: boolean },
): Array<{ path: string[]; message: string }> {
  if (strategy.type === "rolling") return [];
  if (!app.hasWeb)
    return [
      {
        path: ["type"],
        message: `expected a web process: ${strategy.type} applies to web (other processes always roll)`,
      },
    ];
  const needsRouter =
    "expected a routable app with domains: the router splits the traffic and its metrics feed the analysis";
  if (strategy.type === "canary" && !app.routed) return [{ path: ["type"], message: needsRouter }];
  if (strategy.type === "blueGreen" && !app.routed) {
    return (["prePromotionAnalysis", "postPromotionAnalysis"] as const)
      .filter((key) => strategy[key])
      .map((key) => ({ path: [key], message: needsRouter }));
  }
  return [];
}

/**
 * Process settings override the app's; the app's override the tier's. Scaling is taken whole: a
 * process that sets replicas or autoscale does not inherit the other from the app.
 */
function resolveProcesses(app: ParsedApp, defaults: TierDefaults) {
  const resolved: Record<string, ProcessSettings> = {};
  for (const name of Object.keys(app.processes).sort()) {
    const process = app.processes[name];
    const ownScaling = process.replicas !== undefined || process.autoscale !== undefined;
    const scaling = ownScaling ? process : app;
    const isWeb = name === "web";
    const common = { command: process.command, args: process.args, resources: process.resources ?? app.resources };
    resolved[name] = process.schedule
      ? { ...common, serves: false, schedule: process.schedule }
      : {
          ...common,
          replicas: scaling.autoscale ? undefined : (scaling.replicas ?? defaults.replicas),
          autoscale: scaling.autoscale,
          healthcheck: process.healthcheck ?? (isWeb ? app.healthcheck : undefined),
          serves: isWeb,
        };
  }
  return resolved;
}

export interface ProcessSettings {
  command?: string[];
  args?: string[];
  /** Undefined when an autoscaler owns the count. */
  replicas?: number;
  autoscale?: z.output<typeof autoscaleSchema>;
  resources: { cpu: string; memory: string; cpuLimit: string; memoryLimit: string };
  healthcheck?: HealthcheckConfig;
  /** Only `web` receives traffic through the app's Service. */
  serves: boolean;
  /** Set for a process that runs as a CronJob (no replicas, autoscaler or probes then). */
  schedule?: ScheduleConfig;
}

/** An app as its schema parses it, before the stack's rules: `image` and `build` each optional. */
export type AppSettings = z.output<ReturnType<typeof appSchema>>;
