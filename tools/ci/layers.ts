/**
 * The stack files as CI sees them: each stack's layer, environment and deploy wave, the platform stack
 * an apps stack runs on, and whether a CI runner can reach its cluster. Only the keys CI decides by are
 * read and checked here (`slipway:layer`, `slipway:platformStack`, `slipway:wave`,
 * `slipway:environment`, `slipway:cluster`); the rest of a stack file is the program's to check (npm
 * test renders every stack, and each preview runs the program).
 */
import { join } from "node:path";
import { z } from "zod";
import { clusterSchema } from "../../config/cluster";
import { formatIssues, type ConfigProblem } from "../../config/errors";
import { TIERS, type Tier } from "../../config/tiers";
import { rawConfig, stackNames } from "./stacks";

export const LAYERS = ["single", "platform", "apps"] as const;
export type Layer = (typeof LAYERS)[number];

/** A stack CI previews, deploys and checks for drift. */
export interface CiStack {
  name: string;
  /** `single` (today's one stack: cluster, platform and apps), `platform` or `apps`. */
  layer: Layer;
  environment: Tier;
  /** Deploy wave within the environment; an apps stack's is its platform stack's. */
  wave: number;
  /** An apps stack's platform stack (the name of its `Pulumi.<stack>.yaml`). */
  platform?: string;
}

/** One stack file's CI keys, read and checked on their own. */
interface StackFileKeys {
  name: string;
  file: string;
  layer: Layer;
  environment?: Tier;
  /** Set in the file, or undefined (wave 1 for a single or platform stack). */
  wave?: number;
  /** `slipway:platformStack` as written, and the stack file its last segment names. */
  platformStack?: { ref: string; stack: string };
  /** Single and platform stacks: whether the stack builds an EKS cluster a runner can reach. */
  buildsEks: boolean;
  problems: ConfigProblem[];
}

/** `<stack>` or `<org>/<project>/<stack>`, as `pulumi stack select` and StackReference accept it. */
const PLATFORM_REF = /^(?:[\w.-]+\/[\w.-]+\/)?([\w.-]+)$/;

/**
 * Whether a runner can reach the cluster. CI jobs hold an AWS role and the Pulumi backend, never a
 * kubeconfig: `slipway:cluster.mode: existing` (the schema's default) deploys to a kubeconfig context of
 * the machine running `pulumi`, such as `local`'s kind cluster. The program's own schema decides the
 * mode, so CI and the program cannot disagree about the default.
 */
function buildsEks(raw: Record<string, unknown>, tier: Tier, problems: ConfigProblem[]): boolean {
  const root = z.object({ cluster: clusterSchema(tier) });
  const parsed = root.safeParse({ cluster: raw.cluster }, { reportInput: true });
  if (!parsed.success) problems.push(...formatIssues(parsed.error.issues, root));
  return parsed.success && parsed.data.cluster.mode === "eks";
}

function readKeys(dir: string, name: string): StackFileKeys {
  const file = `Pulumi.${name}.yaml`;
  const raw = rawConfig(join(dir, file), name);
  const problems: ConfigProblem[] = [];
  const problem = (key: string, message: string) => problems.push({ key: `slipway:${key}`, message });

  const layer = (raw.layer ?? "single") as Layer;
  if (!LAYERS.includes(layer))
    problem("layer", `expected one of ${LAYERS.join(", ")}, got ${JSON.stringify(raw.layer)}`);
  const environment = TIERS.includes(raw.environment as Tier) ? (raw.environment as Tier) : undefined;

  let wave: number | undefined;
  if (raw.wave !== undefined) {
    if (typeof raw.wave === "string" && /^[1-9]\d*$/.test(raw.wave)) wave = Number(raw.wave);
    else problem("wave", `expected a whole number ≥ 1 (wave 1 deploys first), got ${JSON.stringify(raw.wave)}`);
  }

  let platformStack: StackFileKeys["platformStack"];
  if (layer !== "apps") {
    if (raw.platformStack !== undefined) problem("platformStack", "set only in an apps stack (slipway:layer: apps)");
  } else if (raw.platformStack === undefined) {
    problem("platformStack", "an apps stack names its platform stack: <stack> or <org>/<project>/<stack>");
  } else {
    const ref = raw.platformStack;
    const stack = typeof ref === "string" ? PLATFORM_REF.exec(ref)?.[1] : undefined;
    if (stack === undefined)
      problem("platformStack", `expected <stack> or <org>/<project>/<stack>, got ${JSON.stringify(ref)}`);
    else platformStack = { ref: ref as string, stack };
  }

  const eks = layer !== "apps" && buildsEks(raw, environment ?? "dev", problems);
  return { name, file, layer, environment, wave, platformStack, buildsEks: eks, problems };
}

/** The apps stack's platform stack, or the problem with it. */
function platformOf(
  apps: StackFileKeys,
  ref: NonNullable<StackFileKeys["platformStack"]>,
  byName: Map<string, StackFileKeys>,
): StackFileKeys | undefined {
  const platform = byName.get(ref.stack);
  const problem = (message: string) => apps.problems.push({ key: "slipway:platformStack", message });
  if (platform === undefined) {
    problem(`"${ref.ref}" names the stack file Pulumi.${ref.stack}.yaml, which is not in the repository`);
  } else if (platform.layer !== "platform") {
    problem(`"${ref.ref}": Pulumi.${ref.stack}.yaml is a ${platform.layer} stack, expected slipway:layer: platform`);
  } else {
    return platform;
  }
  return undefined;
}

/**
 * Every stack a CI runner can reach, in stack-name order: single and platform stacks that build an EKS
 * cluster, and the apps stacks on those platforms. Throws one error listing every problem of every file.
 */
export function ciStackGraph(dir = "."): CiStack[] {
  const files = stackNames(dir).map((name) => readKeys(dir, name));
  const byName = new Map(files.map((keys) => [keys.name, keys]));
  const stacks: CiStack[] = [];
  for (const keys of files) {
    const platform =
      keys.layer === "apps" && keys.platformStack ? platformOf(keys, keys.platformStack, byName) : undefined;
    const reachable = keys.layer === "apps" ? platform?.buildsEks === true : keys.buildsEks;
    if (!reachable) continue;
    if (keys.environment === undefined)
      keys.problems.push({ key: "slipway:environment", message: `expected one of ${TIERS.join(", ")}` });
    if (platform !== undefined && platform.environment !== keys.environment)
      keys.problems.push({
        key: "slipway:environment",
        message: `expected ${platform.environment}, the environment of its platform stack (Pulumi.${platform.name}.yaml)`,
      });
    if (platform !== undefined && keys.wave !== undefined && keys.wave !== (platform.wave ?? 1))
      keys.problems.push({
        key: "slipway:wave",
        message: `an apps stack deploys in its platform stack's wave (${platform.wave ?? 1} in Pulumi.${platform.name}.yaml): remove the key`,
      });
    stacks.push({
      name: keys.name,
      layer: keys.layer,
      environment: keys.environment ?? "dev",
      wave: platform?.wave ?? keys.wave ?? 1,
      ...(platform ? { platform: platform.name } : {}),
    });
  }
  const invalid = files.filter((keys) => keys.problems.length > 0);
  if (invalid.length > 0) {
    const report = (keys: StackFileKeys) =>
      `${keys.file}: invalid stack config:\n${keys.problems.map((p) => `  ${p.key}: ${p.message}`).join("\n")}`;
    throw new Error(invalid.map(report).join("\n"));
  }
  return stacks;
}

/** The names of the stacks CI can reach: the `--all` matrix of preview and drift. */
export function ciStacks(dir = "."): string[] {
  return ciStackGraph(dir).map((stack) => stack.name);
}
