/**
 * The whole stack config (`slipway:*`) as one schema. The environment tier is read first because it
 * chooses the defaults every other section is parsed with.
 */
import { z } from "zod";
import { appName, appSchema, type AppConfig } from "./app";
import { artifactsSchema, type ArtifactsConfig } from "./artifacts";
import { awsNameProblems } from "./aws-names";
import { clusterSchema, type ClusterConfig } from "./cluster";
import { crossCheck } from "./cross-check";
import { formatIssues, type ConfigProblem } from "./errors";
import { infraCrossCheck } from "./infra-cross-check";
import { kubernetesLimits, stackNameProblems } from "./k8s-limits";
import { layerOf, layerProblems, layerSchema, platformStackSchema, waveSchema, type Layer } from "./layers";
import { resolveInfraDefaults } from "./infra-defaults";
import { buildsEks, platformSchema, type PlatformConfig } from "./platform";
import { notificationProblems, notificationsSchema, type NotificationsConfig } from "./notifications";
import { checkPlatform } from "./platform-check";
import { envVarName } from "./primitives";
import { protoKeys } from "./proto-keys";
import { reviewMarkerSchema, type ReviewMarker } from "./review-stack";
import { registrySchema, type RegistryConfig } from "./registry";
import { withoutSecretKeys } from "./secret-keys";
import { TIER_DEFAULTS, TIERS, type Tier } from "./tiers";

// Each run parses one stack config once: compiling specialised parsers (zod's JIT) costs more than
// it saves (measured: 10 apps 46 → 27 ms, 500 apps 132 → 94 ms).
z.config({ jitless: true });

const environmentSchema = z.enum(TIERS, { error: `expected one of ${TIERS.join(", ")}` });

/** Secret values are checked for shape only; their text never reaches an error message. */
const secretsSchema = z.record(appName, z.record(envVarName, z.string({ error: "expected a string value" })));

/**
 * Built once per tier and AWS mode in a process: building the schema took most of a rejected config's
 * run, and tests and tools parse many configs in one process. Defaults are functions, so no parse
 * hands out an object another parse got.
 */
const stackSchemas = new Map<string, ReturnType<typeof buildStackSchema>>();

/** One entry per `slipway:<key>`; each section takes the tier to choose its defaults. */
export function stackSchema(tier: Tier, onAws: boolean) {
  const key = `${tier} ${onAws}`;
  let schema = stackSchemas.get(key);
  if (!schema) stackSchemas.set(key, (schema = buildStackSchema(tier, onAws)));
  return schema;
}

function buildStackSchema(tier: Tier, onAws: boolean) {
  const registry = registrySchema(tier);
  const artifacts = artifactsSchema(tier);
  return z
    .strictObject({
      /** The tier: it chooses the defaults of every other key and the policy pack's levels. */
      environment: environmentSchema,
      /** `single` holds everything; `platform` the cluster and services; `apps` one team's apps on a platform stack. */
      layer: layerSchema,
      /** An apps stack's platform stack: `<stack>` or `<org>/<project>/<stack>`. */
      platformStack: platformStackSchema,
      /** The deploy order within an environment (1 first); an apps stack deploys in its platform's wave. */
      wave: waveSchema,
      /** Set by CI in a pull request's review stack (config/review-stack.ts): its source stack, PR and slot. */
      review: reviewMarkerSchema,
      /** The apps, by name: each name is also its namespace. */
      apps: z.record(appName, appSchema(TIER_DEFAULTS[tier])).default({}),
      /** Secret env values by app and name; set with `pulumi config set --secret --path`. */
      secrets: secretsSchema.default({}),
      /** A Slack-compatible webhook that hears about the apps' releases (docs/releases.md#notifications). */
      notifications: notificationsSchema.optional(),
      platform: platformSchema(tier, onAws).prefault({}),
      cluster: clusterSchema(tier),
      registry: registry.default(() => registry.parse({})),
      artifacts: artifacts.default(() => artifacts.parse({})),
    })
    .transform(resolveInfraDefaults);
}

/** The raw values of the `slipway:*` keys, as read from the stack (objects already JSON-decoded). */
export type RawStackConfig = Record<string, unknown>;

export interface ParsedStackConfig {
  environment: Tier;
  layer: Layer;
  /** Set in an apps stack only (config/layers.ts). */
  platformStack?: string;
  wave: number;
  /** Set in a review stack only (config/review-stack.ts). */
  review?: ReviewMarker;
  apps: Record<string, AppConfig>;
  /** Plain text: only stacks/config.ts sees this shape, and wraps every value as a secret at once. */
  secrets: Record<string, Record<string, string>>;
  notifications?: NotificationsConfig;
  platform: PlatformConfig;
  cluster: ClusterConfig;
  registry: RegistryConfig;
  artifacts: ArtifactsConfig;
}

export type ParseResult = { ok: true; config: ParsedStackConfig } | { ok: false; problems: ConfigProblem[] };

/** `stack`, when given, is checked with the names and labels it goes into. */
export function parseStackConfig(raw: RawStackConfig, stack?: string): ParseResult {
  const environment = environmentSchema.safeParse(raw.environment);
  const tier: Tier = environment.success ? environment.data : "dev";
  const parsed = stackSchema(tier, buildsEks(raw)).safeParse(raw, { reportInput: true });
  // An apps stack's apps are checked against its platform's outputs instead (stacks/apps-layer.ts).
  const againstOwnPlatform = layerOf(raw) !== "apps";
  const problems = [
    ...layerProblems(raw, stack),
    ...(parsed.success ? [] : formatIssues(parsed.error.issues, stackSchema(tier, buildsEks(raw)))),
    ...crossCheck(raw),
    ...notificationProblems(raw),
    ...(againstOwnPlatform ? [...checkPlatform(raw, tier), ...infraCrossCheck(raw)] : []),
    ...protoKeys(raw),
    ...(stack === undefined ? [] : [...stackNameProblems(stack), ...awsNameProblems(raw, stack)]),
    ...kubernetesLimits(raw, tier, stack),
  ];
  if (problems.length > 0 || !parsed.success) return { ok: false, problems: withoutSecretKeys(problems, raw.secrets) };
  return { ok: true, config: parsed.data };
}
