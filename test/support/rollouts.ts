/**
 * Argo Rollouts in the states `npm run release` meets, shaped as the v1.9.0 controller writes them
 * (pkg/apis/rollouts/v1alpha1/types.go; pause reasons from the same file), and a fake Rollouts API
 * that records every patch and applies merge patches the way the API server would.
 */
import type { Rollout } from "../../tools/rollout-control/actions";
import { ApiNotFound, type RolloutsApi } from "../../tools/rollout-control/ports";

const STEPS = [
  { setWeight: 20 },
  { pause: {} },
  { analysis: { templates: [{ templateName: "shop" }] } },
  { setWeight: 50 },
];
const updating = { currentPodHash: "7d9f8c6b5", stableRS: "5c4b3a291" };

function canary(status: Rollout["status"], paused?: boolean): Rollout {
  return {
    metadata: { name: "shop-web", namespace: "shop" },
    spec: { ...(paused === undefined ? {} : { paused }), strategy: { canary: { steps: STEPS } } },
    status,
  };
}

export const ROLLOUTS = {
  /** Waiting at `pause: {}` (step 1) for a person. */
  canaryAtPause: canary({
    ...updating,
    phase: "Paused",
    message: "CanaryPauseStep",
    currentStepIndex: 1,
    controllerPause: true,
    pauseConditions: [{ reason: "CanaryPauseStep", startTime: "2026-12-02T06:00:00Z" }],
  }),
  /** The step-2 analysis was inconclusive (no traffic, NaN): the controller paused it. */
  canaryInconclusive: canary({
    ...updating,
    phase: "Paused",
    message: "InconclusiveAnalysisRun",
    currentStepIndex: 2,
    controllerPause: true,
    pauseConditions: [{ reason: "InconclusiveAnalysisRun", startTime: "2026-12-02T06:00:00Z" }],
    canary: { currentStepAnalysisRunStatus: { name: "shop-web-7d9f8c6b5-2", status: "Inconclusive" } },
  }),
  /** Paused by hand (`kubectl argo rollouts pause`), mid-update at step 2. */
  canaryPausedByUser: canary({ ...updating, phase: "Paused", currentStepIndex: 2 }, true),
  canaryProgressing: canary({ ...updating, phase: "Progressing", currentStepIndex: 0 }),
  canaryAborted: canary({
    ...updating,
    phase: "Degraded",
    message: "RolloutAborted: Rollout aborted update to revision 7",
    abort: true,
    currentStepIndex: 0,
  }),
  canaryHealthy: canary({ currentPodHash: "5c4b3a291", stableRS: "5c4b3a291", phase: "Healthy", currentStepIndex: 4 }),
  /** blue/green with autoPromotion off, waiting for promotion of the preview. */
  blueGreenAwaiting: {
    metadata: { name: "shop-web", namespace: "shop" },
    spec: { strategy: { blueGreen: { activeService: "shop-web", previewService: "shop-web-preview" } } },
    status: {
      ...updating,
      phase: "Paused",
      message: "BlueGreenPause",
      controllerPause: true,
      pauseConditions: [{ reason: "BlueGreenPause", startTime: "2026-12-02T06:00:00Z" }],
    },
  } satisfies Rollout,
};

interface PatchCall {
  namespace: string;
  name: string;
  patch: Record<string, unknown>;
  subresource?: string;
}

/** `states` are returned by successive GETs (the last one repeats); `null` answers 404. */
export function fakeRolloutsApi(...states: (Rollout | null)[]) {
  const gets: string[] = [];
  const patches: PatchCall[] = [];
  let index = 0;
  const api: RolloutsApi = {
    async get(namespace, name) {
      gets.push(`${namespace}/${name}`);
      const state = states[Math.min(index++, states.length - 1)];
      if (state === null) throw new ApiNotFound(`GET rollouts/${name}: 404 rollouts.argoproj.io "${name}" not found`);
      return structuredClone(state);
    },
    async patch(namespace, name, patch, subresource) {
      patches.push(subresource ? { namespace, name, patch, subresource } : { namespace, name, patch });
      return structuredClone(states[states.length - 1]!);
    },
  };
  return { api, gets, patches };
}
