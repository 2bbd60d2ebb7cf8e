/**
 * `slipway:apps.<app>.strategy`: how a new release of the `web` process reaches traffic.
 * `rolling` (default) is a zero-downtime Deployment; `blueGreen` and `canary` are Argo Rollouts.
 * One flat object with a `type`, so a misplaced key is reported as "applies only to canary" instead of
 * an opaque union error; parsing fills every default for the chosen type.
 */
import { z } from "zod";
import { ACCEPTANCE_DEFAULTS, acceptanceSchema } from "./acceptance";
import { bool, integer } from "./primitives";

const STRATEGY_TYPES = ["rolling", "blueGreen", "canary"] as const;

/** An Argo duration: its text for the Rollout, its seconds for the await budget. */
interface Duration {
  text: string;
  seconds: number;
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600 };
const durationError = "expected a duration such as 30s, 5m or 1h (or whole seconds)";

/** Argo accepts `<n>s|m|h` or a number of seconds. */
const duration = z
  .union([z.string({ error: durationError }).regex(/^[1-9][0-9]*[smh]$/, { error: durationError }), integer(1)], {
    error: durationError,
  })
  .transform((value): Duration => {
    if (typeof value === "number") return { text: `${value}s`, seconds: value };
    return { text: value, seconds: Number(value.slice(0, -1)) * UNIT_SECONDS[value.slice(-1)] };
  });

const analysisSchema = z
  .strictObject({
    /** Highest acceptable share of 5xx responses, 0..1. */
    maxErrorRate: z
      .number({ error: "expected a number from 0 to 1" })
      .min(0, { error: "expected a number from 0 to 1" })
      .max(1, { error: "expected a number from 0 to 1" })
      .default(0.01),
    /** Highest acceptable 99th-percentile latency, in milliseconds. */
    maxP99Ms: integer(1).default(1000),
    interval: duration.default({ text: "1m", seconds: 60 }),
    count: integer(1, 60).default(5),
    /** Failed measurements tolerated; one more fails the analysis and aborts the release. */
    failureLimit: integer(0).default(1),
    /** Measurements without data (empty or NaN) tolerated; one more pauses the release for a human. */
    inconclusiveLimit: integer(0).default(1),
    initialDelay: duration.default({ text: "30s", seconds: 30 }),
    /** Below this many requests in a window the measurement has no evidence and counts as inconclusive. */
    minRequests: integer(0).default(10),
  })
  .superRefine((a, ctx) => {
    for (const key of ["failureLimit", "inconclusiveLimit"] as const) {
      if (a[key] >= a.count) {
        ctx.addIssue({
          code: "custom",
          path: [key],
          input: a[key],
          message: `expected fewer than count (${a.count}) so a verdict is possible`,
        });
      }
    }
  });
export type AnalysisConfig = z.output<typeof analysisSchema>;
const ANALYSIS_DEFAULTS: AnalysisConfig = analysisSchema.parse({});

type RawStep = { setWeight?: number; pause?: object; analysis?: object };
const isSingleStep = (s: RawStep) => [s.setWeight, s.pause, s.analysis].filter((v) => v !== undefined).length === 1;

const stepSchema = z
  .strictObject({
    setWeight: integer(1, 100).optional(),
    /** Without a duration the step waits for `kubectl argo rollouts promote`. */
    pause: z.strictObject({ duration: duration.optional() }).optional(),
    analysis: z.strictObject({}).optional(),
  })
  .refine(isSingleStep, {
    error: "expected exactly one of setWeight, pause, analysis",
  });

type CanaryStep = { setWeight: number } | { pause: { duration?: Duration } } | { analysis: true };

const DEFAULT_STEPS: CanaryStep[] = [
  { setWeight: 10 },
  { pause: { duration: { text: "1m", seconds: 60 } } },
  { analysis: true },
  { setWeight: 50 },
  { pause: { duration: { text: "1m", seconds: 60 } } },
  { analysis: true },
];

const strategyObject = z.strictObject({
  type: z.enum(STRATEGY_TYPES, { error: `expected one of ${STRATEGY_TYPES.join(", ")}` }).default("rolling"),
  steps: z.array(stepSchema).min(1, { error: "expected at least one step" }).optional(),
  autoPromotion: bool.optional(),
  autoPromotionSeconds: integer(1, 86400).optional(),
  scaleDownDelaySeconds: integer(0, 86400).optional(),
  previewReplicas: integer(1).optional(),
  prePromotionAnalysis: bool.optional(),
  postPromotionAnalysis: bool.optional(),
  analysis: analysisSchema.optional(),
  acceptance: acceptanceSchema.optional(),
  /** How long `pulumi up` waits for a human at each manual gate (an open pause, a manual promotion). */
  approvalTimeoutSeconds: integer(60, 86400).optional(),
});
type RawStrategy = z.output<typeof strategyObject>;

/** Which strategy types each key belongs to. */
const APPLIES_TO: Partial<Record<keyof RawStrategy, ReadonlyArray<(typeof STRATEGY_TYPES)[number]>>> = {
  steps: ["canary"],
  autoPromotion: ["blueGreen"],
  autoPromotionSeconds: ["blueGreen"],
  scaleDownDelaySeconds: ["blueGreen"],
  previewReplicas: ["blueGreen"],
  prePromotionAnalysis: ["blueGreen"],
  postPromotionAnalysis: ["blueGreen"],
  analysis: ["canary", "blueGreen"],
  acceptance: ["canary", "blueGreen"],
  approvalTimeoutSeconds: ["canary", "blueGreen"],
};

function toStep(raw: NonNullable<RawStrategy["steps"]>[number]): CanaryStep {
  if (raw.setWeight !== undefined) return { setWeight: raw.setWeight };
  if (raw.pause) return { pause: raw.pause.duration ? { duration: raw.pause.duration } : {} };
  return { analysis: true };
}

/** Weights only grow, analysis only measures a canary that has traffic, and something can abort it. */
function checkSteps(steps: CanaryStep[], ctx: z.RefinementCtx): void {
  let weight = 0;
  steps.forEach((step, i) => {
    if ("setWeight" in step) {
      if (step.setWeight <= weight) {
        ctx.addIssue({
          code: "custom",
          path: ["steps", i, "setWeight"],
          input: step.setWeight,
          message: `expected a weight above the previous one (${weight}): weights only increase`,
        });
      }
      weight = Math.max(weight, step.setWeight);
    } else if ("analysis" in step && weight === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["steps", i, "analysis"],
        message: "expected a setWeight step before it: an analysis of a canary without traffic measures nothing",
      });
    }
  });
  if (weight === 0)
    ctx.addIssue({ code: "custom", path: ["steps"], input: steps, message: "expected at least one setWeight step" });
  if (!steps.some((s) => "analysis" in s)) {
    ctx.addIssue({
      code: "custom",
      path: ["steps"],
      input: steps,
      message: "expected at least one analysis step: without one a bad canary is never aborted",
    });
  }
}

export const strategySchema = strategyObject
  .superRefine((s, ctx) => {
    for (const [key, types] of Object.entries(APPLIES_TO) as Array<[keyof RawStrategy, ReadonlyArray<string>]>) {
      if (s[key] !== undefined && !types.includes(s.type)) {
        ctx.addIssue({
          code: "custom",
          path: [key],
          input: s[key],
          message: `applies only to type ${types.join(" or ")} (type is ${s.type})`,
        });
      }
    }
    // Each step must be well-formed before the sequence can be judged.
    if (s.type === "canary" && s.steps && s.steps.every(isSingleStep)) checkSteps(s.steps.map(toStep), ctx);
    if (s.autoPromotionSeconds !== undefined && s.autoPromotion === false) {
      ctx.addIssue({
        code: "custom",
        path: ["autoPromotionSeconds"],
        input: s.autoPromotionSeconds,
        message: "expected autoPromotion: true (a delay before an automatic promotion)",
      });
    }
    if (s.type === "blueGreen" && s.analysis && !s.prePromotionAnalysis && !s.postPromotionAnalysis) {
      ctx.addIssue({
        code: "custom",
        path: ["analysis"],
        input: s.analysis,
        message: "is not used: set prePromotionAnalysis or postPromotionAnalysis",
      });
    }
  })
  .transform((s) => resolveStrategy(s))
  .superRefine((s, ctx) => {
    if (s.type !== "rolling" && s.approvalTimeoutSeconds !== undefined && manualGates(s) === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["approvalTimeoutSeconds"],
        input: s.approvalTimeoutSeconds,
        message: "is not used: no step waits for a manual promotion",
      });
    }
  });

const DEFAULT_APPROVAL_SECONDS = 3600;

function resolveStrategy(s: RawStrategy) {
  if (s.type === "canary") {
    return {
      type: "canary" as const,
      steps: s.steps ? s.steps.map(toStep) : DEFAULT_STEPS,
      analysis: s.analysis ?? ANALYSIS_DEFAULTS,
      acceptance: s.acceptance ?? ACCEPTANCE_DEFAULTS,
      approvalTimeoutSeconds: s.approvalTimeoutSeconds,
    };
  }
  if (s.type === "blueGreen") {
    const autoPromotion = s.autoPromotion ?? true;
    return {
      type: "blueGreen" as const,
      autoPromotion,
      autoPromotionSeconds: s.autoPromotionSeconds,
      // Argo's default: long enough for the router to stop sending requests to the old colour.
      scaleDownDelaySeconds: s.scaleDownDelaySeconds ?? 30,
      previewReplicas: s.previewReplicas,
      prePromotionAnalysis: s.prePromotionAnalysis ?? false,
      postPromotionAnalysis: s.postPromotionAnalysis ?? false,
      analysis: s.analysis ?? ANALYSIS_DEFAULTS,
      acceptance: s.acceptance ?? ACCEPTANCE_DEFAULTS,
      approvalTimeoutSeconds: s.approvalTimeoutSeconds,
    };
  }
  return { type: "rolling" as const };
}

type Resolved = ReturnType<typeof resolveStrategy>;
export type StrategyConfig = Resolved;
export type CanaryStrategy = Extract<Resolved, { type: "canary" }>;
export type BlueGreenStrategy = Extract<Resolved, { type: "blueGreen" }>;

/** Steps that wait for `kubectl argo rollouts promote`. */
export function manualGates(s: CanaryStrategy | BlueGreenStrategy): number {
  if (s.type === "blueGreen") return s.autoPromotion ? 0 : 1;
  return s.steps.filter((step) => "pause" in step && !step.pause.duration).length;
}

export function approvalSeconds(s: CanaryStrategy | BlueGreenStrategy): number {
  return s.approvalTimeoutSeconds ?? DEFAULT_APPROVAL_SECONDS;
}
