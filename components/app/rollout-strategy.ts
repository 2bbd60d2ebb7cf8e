/**
 * What a progressive strategy needs around the Rollout: the Services Argo Rollouts steers (it pins
 * their selectors to a revision), the analyses it runs and which backend each measures, the
 * Rollout's `spec.strategy`, and how the app's HTTPRoute sends traffic to those Services.
 */
import { GATEWAY_API_PLUGIN } from "../platform/charts";
import type { BlueGreenStrategy, CanaryStrategy } from "../../config/types";
import { hasAcceptance } from "../../config/acceptance";

/** Ephemeral label Argo Rollouts keeps on the serving colour's pods (blue/green). */
export const TRAFFIC_LABEL = "slipway.dev/traffic";
/** Requests carrying this header reach a blue/green preview, so it can be exercised and analysed. */
const PREVIEW_HEADER = { name: "x-slipway-preview", value: "true" };

interface RouteBackend {
  service: string;
  /** Set for weighted (canary) backends; the traffic-router plugin owns it afterwards. */
  weight?: number;
}

export interface RouteRule {
  header?: { name: string; value: string };
  backends: RouteBackend[];
}

export interface RolloutPlan {
  /** Services whose selectors Argo Rollouts pins to a revision. */
  services: string[];
  /**
   * AnalysisTemplates to create: their names, the Service each one measures, and whether it asks
   * Prometheus (kpi) or runs acceptance Jobs against the Service.
   */
  analyses: Array<{ name: string; service: string; kind: "kpi" | "acceptance" }>;
  strategy: Record<string, unknown>;
  routeRules: RouteRule[];
}

function canaryPlan(app: string, namespace: string, s: CanaryStrategy): RolloutPlan {
  const stable = `${app}-stable`;
  const canary = `${app}-canary`;
  const analysis = `${app}-canary-analysis`;
  const acceptance = `${app}-canary-acceptance`;
  const withAcceptance = hasAcceptance(s.acceptance);
  // Both templates in one step make one AnalysisRun: KPIs and acceptance Jobs run side by side.
  const templates = [analysis, ...(withAcceptance ? [acceptance] : [])].map((templateName) => ({ templateName }));
  const steps = s.steps.map((step) => {
    if ("setWeight" in step) return { setWeight: step.setWeight };
    if ("pause" in step) return { pause: step.pause.duration ? { duration: step.pause.duration.text } : {} };
    return { analysis: { templates } };
  });
  return {
    services: [stable, canary],
    analyses: [
      { name: analysis, service: canary, kind: "kpi" },
      ...(withAcceptance ? [{ name: acceptance, service: canary, kind: "acceptance" as const }] : []),
    ],
    strategy: {
      canary: {
        stableService: stable,
        canaryService: canary,
        // The stable ReplicaSet stays at full size until promotion, so an abort is instant.
        maxSurge: "25%",
        maxUnavailable: 0,
        trafficRouting: { plugins: { [GATEWAY_API_PLUGIN.name]: { httpRoute: app, namespace } } },
        steps,
      },
    },
    routeRules: [
      {
        backends: [
          { service: stable, weight: 100 },
          { service: canary, weight: 0 },
        ],
      },
    ],
  };
}

function blueGreenPlan(app: string, s: BlueGreenStrategy): RolloutPlan {
  const active = `${app}-active`;
  const preview = `${app}-preview`;
  const pre = `${app}-preview-analysis`;
  const post = `${app}-active-analysis`;
  const acceptance = `${app}-preview-acceptance`;
  const withAcceptance = hasAcceptance(s.acceptance);
  // Acceptance Jobs call the preview Service directly, so they need no KPI analysis beside them.
  const preTemplates = [...(s.prePromotionAnalysis ? [pre] : []), ...(withAcceptance ? [acceptance] : [])];
  return {
    services: [active, preview],
    analyses: [
      ...(s.prePromotionAnalysis ? [{ name: pre, service: preview, kind: "kpi" as const }] : []),
      ...(withAcceptance ? [{ name: acceptance, service: preview, kind: "acceptance" as const }] : []),
      ...(s.postPromotionAnalysis ? [{ name: post, service: active, kind: "kpi" as const }] : []),
    ],
    strategy: {
      blueGreen: {
        activeService: active,
        previewService: preview,
        autoPromotionEnabled: s.autoPromotion,
        autoPromotionSeconds: s.autoPromotion ? s.autoPromotionSeconds : undefined,
        scaleDownDelaySeconds: s.scaleDownDelaySeconds,
        previewReplicaCount: s.previewReplicas,
        activeMetadata: { labels: { [TRAFFIC_LABEL]: "active" } },
        previewMetadata: { labels: { [TRAFFIC_LABEL]: "preview" } },
        prePromotionAnalysis:
          preTemplates.length > 0 ? { templates: preTemplates.map((templateName) => ({ templateName })) } : undefined,
        postPromotionAnalysis: s.postPromotionAnalysis ? { templates: [{ templateName: post }] } : undefined,
      },
    },
    routeRules: [
      // The preview only gets traffic (and router metrics to analyse) from requests that ask for it.
      ...(s.prePromotionAnalysis ? [{ header: PREVIEW_HEADER, backends: [{ service: preview }] }] : []),
      { backends: [{ service: active }] },
    ],
  };
}

export function planRollout(app: string, namespace: string, strategy: CanaryStrategy | BlueGreenStrategy): RolloutPlan {
  return strategy.type === "canary" ? canaryPlan(app, namespace, strategy) : blueGreenPlan(app, strategy);
}
