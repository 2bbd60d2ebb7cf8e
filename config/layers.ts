/**
 * `slipway:layer`: which part of a deployment a stack holds. `single` (the default) is one stack with
 * the cluster, the platform and every app; `platform` holds the cluster, registry, artifact stores
 * and platform services; `apps` holds one team's apps and reads the rest from its platform stack
 * (`slipway:platformStack`) through a StackReference. `slipway:wave` orders deploys within an
 * environment; only CI reads it.
 */
import { z } from "zod";
import type { ConfigProblem } from "./errors";
import { stackNameProblems } from "./k8s-limits";
import { integer } from "./primitives";
import { pulumiNameProblem } from "./stack-name";

const LAYERS = ["single", "platform", "apps"] as const;
export type Layer = (typeof LAYERS)[number];

export const layerSchema = z.enum(LAYERS, { error: `expected one of ${LAYERS.join(", ")}` }).default("single");

const PLATFORM_STACK =
  "expected the platform stack's name: <stack> (same organization and project) or <org>/<project>/<stack>";

/**
 * Why a platform stack reference is no stack's name: organization and project by Pulumi's rule
 * (config/stack-name.ts), the stack also as Slipway's stacks are named (it names Pulumi.<stack>.yaml).
 */
export function platformStackProblem(reference: string): string | undefined {
  const parts = reference.split("/");
  if (parts.length !== 1 && parts.length !== 3) return PLATFORM_STACK;
  const problems = parts.map((part, index) => ({
    part,
    problem: index === parts.length - 1 ? stackNameProblems(part)[0]?.message : pulumiNameProblem(part),
  }));
  const bad = problems.find(({ problem }) => problem !== undefined);
  if (bad === undefined) return undefined;
  return `${PLATFORM_STACK}; ${parts.length > 1 ? `${JSON.stringify(bad.part)}: ` : ""}${bad.problem}`;
}

export const platformStackSchema = z
  .string({ error: PLATFORM_STACK })
  .superRefine((reference, ctx) => {
    const problem = platformStackProblem(reference);
    if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
  })
  .optional();

/** A top-level scalar reaches the program as text (`slipway:wave: 2` is "2"), so digits are read as a number. */
function waveNumber(value: unknown): unknown {
  return typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
}

export const waveSchema = z.preprocess(waveNumber, integer(1, 100)).default(1);

/** Sections only a platform (or single) stack holds, and those only an apps (or single) stack holds. */
const PLATFORM_SECTIONS = ["cluster", "registry", "artifacts", "platform"] as const;
const APP_SECTIONS = ["apps", "secrets"] as const;

/** The layer as given, or `single` when it is absent or invalid (its own error is the schema's). */
function layerOf(raw: Record<string, unknown>): Layer {
  return (LAYERS as readonly unknown[]).includes(raw.layer) ? (raw.layer as Layer) : "single";
}

/** `<org>/<project>/<stack>` for a StackReference: a bare name is in this stack's organization and project. */
export function platformStackReference(name: string, organization: string, project: string): string {
  return name.includes("/") ? name : `${organization}/${project}/${name}`;
}

/** The stack name a reference ends with: offline it names the stack file `Pulumi.<stack>.yaml`. */
export function platformStackName(name: string): string {
  return name.slice(name.lastIndexOf("/") + 1);
}

/** Keys that belong to the other layer, and `slipway:platformStack` where it does not apply. */
export function layerProblems(raw: Record<string, unknown>, stack?: string): ConfigProblem[] {
  const layer = layerOf(raw);
  const problems: ConfigProblem[] = [];
  const named = stack === undefined ? "" : ` ${stack}`;
  if (layer === "platform") {
    for (const section of APP_SECTIONS.filter((key) => Object.hasOwn(raw, key))) {
      problems.push({
        key: `slipway:${section}`,
        message: `is app config: it belongs in an apps stack (slipway:layer: apps), not in platform stack${named}`,
      });
    }
  }
  if (layer === "apps") {
    for (const section of PLATFORM_SECTIONS.filter((key) => Object.hasOwn(raw, key))) {
      problems.push({
        key: `slipway:${section}`,
        message: `is platform config: it belongs in the platform stack this apps stack names in slipway:platformStack, not in apps stack${named}`,
      });
    }
    if (raw.platformStack === undefined) {
      problems.push({
        key: "slipway:platformStack",
        message:
          "expected the platform stack's name (<stack> or <org>/<project>/<stack>): an apps stack reads its cluster and platform from it",
      });
    }
  } else {
    for (const key of ["platformStack", "review"].filter((name) => raw[name] !== undefined))
      problems.push({ key: `slipway:${key}`, message: `applies only when slipway:layer is apps (it is ${layer})` });
  }
  return problems;
}
