/**
 * The whole stack config (`slipway:*`) as one schema, parsed once; the rules between its sections are
 * refinements of it on the typed sections (config/stack-rules.ts). The environment tier is read first
 * because it chooses the defaults every other section is parsed with.
 */
import { z } from "zod";
import { appName, appSchema } from "./app";
import { appExclusiveKeyProblems, type AppConfig } from "./app-exclusive-keys";
import { dependencyProblems } from "./app-network";
import { artifactsSchema, type ArtifactsConfig } from "./artifacts";
import { awsNameProblems } from "./aws-names";
import { clusterSchema, type ClusterConfig } from "./cluster";
import { domainClashProblems, grantedBucketProblems, grantedNamespaceProblems, secretProblems } from "./cross-check";
import { formatIssues, type ConfigProblem } from "./errors";
import { appsOnInfraProblems, infrastructureProblems, registryAppProblems } from "./infra-cross-check";
import { appObjectLimits, secretLimits, stackNameProblems } from "./k8s-limits";
import { layerProblems, layerSchema, platformStackSchema, waveSchema, type Layer } from "./layers";
import { resolveInfraDefaults } from "./infra-defaults";
import { vpcOwnerKeyProblems } from "./network";
import { buildsEks, platformSchema, type PlatformConfig } from "./platform";
import {
  notificationControllerProblems,
  notificationsSchema,
  webhookSecretProblems,
  type NotificationsConfig,
} from "./notifications";
import { appsOnPlatformProblems, clusterModeProblems, platformProblems } from "./platform-check";
import { envVarName } from "./primitives";
import { protoKeys } from "./proto-keys";
import { reviewMarkerSchema, type ReviewMarker } from "./review-stack";
import { registrySchema, type RegistryConfig } from "./registry";
import { withoutSecretKeys } from "./secret-keys";
import { stackRule, type RuleInput } from "./stack-rules";
import { TIER_DEFAULTS, TIERS, type Tier } from "./tiers";

// Each run parses one stack config once: compiling specialised parsers (zod's JIT) costs more than
// it saves (measured: 10 apps 46 → 27 ms, 500 apps 132 → 94 ms).
z.config({ jitless: true });

const environmentSchema = z.enum(TIERS, { error: `expected one of ${TIERS.join(", ")}` });

/** Secret values are checked for shape only; their text never reaches an error message. */
const secretsSchema = z.record(appName, z.record(envVarName, z.string({ error: "expected a string value" })));

/**
 * Built once per tier and AWS mode in a process, and the few rules that name the stack once per stack
 * name over that: building the schema took most of a rejected config's run, and tests and tools parse
 * many configs in one process. Defaults are functions, so no parse hands out an object another parse got.
 */
const sectionSchemas = new Map<string, ReturnType<typeof withSectionRules>>();
const stackSchemas = new Map<string, ReturnType<typeof withStackRules>>();

/**
 * One entry per `slipway:<key>`; each section takes the tier to choose its defaults. `stack`, when
 * given, is checked with the names and labels it goes into.
 */
export function stackSchema(tier: Tier, onAws: boolean, stack?: string) {
  const sectionsKey = `${tier} ${onAws}`;
  let sections = sectionSchemas.get(sectionsKey);
  if (!sections) sectionSchemas.set(sectionsKey, (sections = withSectionRules(sectionsSchema(tier, onAws))));
  const key = `${sectionsKey} ${stack ?? ""}`;
  let schema = stackSchemas.get(key);
  if (!schema) stackSchemas.set(key, (schema = withStackRules(sections, tier, stack)));
  return schema;
}

function sectionsSchema(tier: Tier, onAws: boolean) {
  const registry = registrySchema(tier);
  const artifacts = artifactsSchema(tier);
  return z.strictObject({
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
  });
}

type Sections = z.output<ReturnType<typeof sectionsSchema>>;

/** A rule over some sections, which it reads typed (config/stack-rules.ts). */
const rule = <K extends keyof Sections>(
  sections: readonly K[],
  check: (config: RuleInput<Sections, K>) => ConfigProblem[],
) => stackRule<Sections, K>(sections, check);

/**
 * A rule between the apps and this stack's own platform and infrastructure: an apps stack's apps are
 * checked against its platform's outputs instead (config/apps-platform-check.ts, stacks/apps-layer.ts).
 */
const ownPlatform = <K extends keyof Sections>(
  sections: readonly K[],
  check: (config: RuleInput<Sections, K>) => ConfigProblem[],
) => rule<K | "layer">([...sections, "layer"], (config) => (config.layer === "apps" ? [] : check(config)));

/** The cross-field rules, in the order their problems are listed. */
function withSectionRules(sections: ReturnType<typeof sectionsSchema>) {
  return (
    sections
      .superRefine(...rule(["apps", "secrets"], secretProblems))
      .superRefine(...rule(["apps"], domainClashProblems))
      .superRefine(...rule(["apps"], ({ apps }) => dependencyProblems(apps)))
      .superRefine(...rule(["apps"], appExclusiveKeyProblems))
      .superRefine(...rule(["apps", "platform", "cluster"], grantedNamespaceProblems))
      .superRefine(...rule(["cluster", "artifacts"], grantedBucketProblems))
      .superRefine(...rule(["notifications", "secrets"], webhookSecretProblems))
      // Whether notifications are set, even invalid, is all this one reads of them.
      .superRefine(...rule(["layer", "platform"], notificationControllerProblems))
      .superRefine(...ownPlatform(["platform"], platformProblems))
      .superRefine(...ownPlatform(["apps", "platform", "cluster"], appsOnPlatformProblems))
      .superRefine(...ownPlatform(["cluster", "platform"], clusterModeProblems))
      .superRefine(...ownPlatform(["cluster", "registry", "artifacts"], infrastructureProblems))
      .superRefine(...ownPlatform(["apps", "registry"], registryAppProblems))
      .superRefine(...ownPlatform(["apps", "cluster", "registry", "artifacts"], appsOnInfraProblems))
  );
}

/** The limits on the names, labels and objects the config turns into, then the defaults between sections. */
function withStackRules(sections: ReturnType<typeof withSectionRules>, tier: Tier, stack: string | undefined) {
  return sections
    .superRefine(
      ...rule(["artifacts"], ({ artifacts }) => (stack === undefined ? [] : awsNameProblems(artifacts.buckets, stack))),
    )
    .superRefine(...rule(["apps"], ({ apps }) => appObjectLimits(apps, tier, stack)))
    .superRefine(...rule(["secrets"], ({ secrets }) => secretLimits(secrets)))
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
  // The tier and the cluster's mode choose the schema, so they are read first; an invalid one is the schema's error.
  const tier: Tier = (TIERS as readonly unknown[]).includes(raw.environment) ? (raw.environment as Tier) : "dev";
  const schema = stackSchema(tier, buildsEks(raw), stack);
  const parsed = schema.safeParse(raw, { reportInput: true });
  // Beside the schema's: which keys the file writes (parsing loses that to defaults), `__proto__`
  // keys (zod drops them without a word) and the stack's own name.
  const problems = [
    ...layerProblems(raw, stack),
    ...(parsed.success ? [] : formatIssues(parsed.error.issues, schema)),
    ...vpcOwnerKeyProblems(raw.cluster),
    ...protoKeys(raw),
    ...(stack === undefined ? [] : stackNameProblems(stack)),
  ];
  if (problems.length > 0 || !parsed.success) return { ok: false, problems: withoutSecretKeys(problems, raw.secrets) };
  return { ok: true, config: parsed.data };
}
