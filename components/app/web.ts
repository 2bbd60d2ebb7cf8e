/**
 * The `web` process and the way its releases reach traffic, per `strategy`:
 *  - rolling: a Deployment (awaited by Pulumi) behind the `<app>` Service;
 *  - canary / blueGreen: an Argo Rollout with the Services it steers, its AnalysisTemplates
 *    (Prometheus KPIs, acceptance Jobs), the HTTPRoute pointing at those Services, and the release
 *    check that fails `pulumi up` when the release does.
 *
 * Switching strategies is one `pulumi up` with no downtime. The new workload is created next to the
 * old one, whose pods keep serving (all new Services start out selecting every web pod, and the
 * `<app>` Service changes its selector only once the new workload is ready). Pulumi deletes what the
 * old strategy used (the old workload, its Services and analyses) only at the end of an update in
 * which everything else succeeded; if the new workload fails, the old one is still there.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { AppConfig } from "../../config/types";
import { routerBackendName } from "../platform/services/router-metrics";
import { createAcceptanceTemplate } from "./acceptance";
import { createAnalysisTemplate } from "./analysis";
import { rolloutBudgetSeconds } from "./rollout-budget";
import { createRollout } from "./rollout";
import { createRolloutCheck } from "./rollout-check";
import { planRollout, TRAFFIC_LABEL, type RouteRule } from "./rollout-strategy";
import { createRoute, createService, SERVICE_PORT } from "./routing";
import { createScaling } from "./scaling";
import { createWorkload, workloadName, type WorkloadArgs } from "./workload";
import { after } from "./options";
import type { StackContext } from "./stack-context";

export interface WebArgs extends WorkloadArgs {
  /** Plain name of the app's namespace, for names that must be known now. */
  namespaceName: string;
  /** Labels of the app's Services and route (the workload carries process labels). */
  appLabels: Record<string, string>;
  /** How the app's releases reach traffic: its strategy and its domains, when routable. */
  traffic: Pick<AppConfig, "strategy" | "domains" | "routable">;
  /**
   * What the platform lends it: the Gateway, the Prometheus its analyses query (config validation
   * requires monitoring for apps with analyses) and the check images (components/platform/check-images.ts).
   */
  platform: Pick<StackContext, "gateway" | "prometheusUrl" | "checkImages">;
  /** Extra annotations of the Rollout (its notification subscriptions). */
  annotations?: Record<string, string>;
  /** What the release check's pod needs before it starts (the NetworkPolicy letting it reach the API server). */
  checkAfter: pulumi.Resource[];
}

export function createWeb(args: WebArgs, opts: pulumi.CustomResourceOptions): void {
  const { app, appLabels: labels, namespace } = args;
  const { strategy, domains } = args.traffic;
  const { gateway, prometheusUrl: platformPrometheus, checkImages } = args.platform;
  const routed = args.traffic.routable && domains.length > 0;
  const route = (rules: RouteRule[], dependsOn: pulumi.Resource[]) => {
    if (!routed) return [];
    return [createRoute({ app, namespace, labels, domains, gateway, rules }, after(opts, ...dependsOn))];
  };
  const appService = (selector: Record<string, string>, ready: pulumi.Resource) =>
    createService({ resource: workloadName(app, "web"), name: app, namespace, labels, selector }, after(opts, ready));

  if (strategy.type === "rolling") {
    appService(args.selector, createWorkload(args, opts));
    route([{ backends: [{ service: app }] }], []);
    return;
  }

  const plan = planRollout(app, args.namespaceName, strategy);
  const services = plan.services.map((name) =>
    createService({ name, namespace, labels, selector: args.selector, steeredByRollout: true }, opts),
  );
  const prometheusUrl = (): pulumi.Input<string> => {
    if (platformPrometheus !== undefined) return platformPrometheus;
    throw new Error(
      `${app}: the ${strategy.type} analysis needs the platform's Prometheus (slipway:platform.monitoring)`,
    );
  };
  // Every KPI analysis gets the Prometheus it queries before any analysis is created.
  const planned = plan.analyses.map((a) =>
    a.kind === "kpi" ? { ...a, kind: a.kind, prometheusUrl: prometheusUrl() } : { ...a, kind: a.kind },
  );
  const analyses = planned.map((a) =>
    a.kind === "acceptance"
      ? createAcceptanceTemplate(
          {
            name: a.name,
            namespace,
            namespaceName: args.namespaceName,
            labels,
            service: a.service,
            port: SERVICE_PORT,
            acceptance: strategy.acceptance,
            healthcheck: args.settings.healthcheck,
            smokeImage: checkImages.smoke,
          },
          opts,
        )
      : createAnalysisTemplate(
          {
            name: a.name,
            namespace,
            labels,
            backend: routerBackendName(args.namespaceName, a.service, SERVICE_PORT),
            analysis: strategy.analysis,
            prometheusUrl: a.prometheusUrl,
          },
          opts,
        ),
  );
  const routes = route(plan.routeRules, services);
  const budgetSeconds = rolloutBudgetSeconds(strategy, args.rolloutTimeoutSeconds);
  const { rollout, name, revision } = createRollout(
    { ...args, strategy: plan.strategy, budgetSeconds },
    after(opts, ...services, ...analyses, ...routes),
  );
  createScaling(
    {
      target: { apiVersion: "argoproj.io/v1alpha1", kind: "Rollout", name },
      metadata: { name, namespace, labels: args.labels },
      settings: args.settings,
      selector: args.selector,
    },
    rollout,
    opts,
  );
  const check = createRolloutCheck(
    {
      app,
      namespace,
      namespaceName: args.namespaceName,
      labels,
      rolloutName: name,
      revision,
      budgetSeconds,
      image: checkImages.rolloutCheck,
      after: args.checkAfter,
    },
    rollout,
    opts,
  );
  // In-cluster callers of a blue/green app reach the active colour only, like the router's traffic.
  appService(strategy.type === "blueGreen" ? { ...args.selector, [TRAFFIC_LABEL]: "active" } : args.selector, check);
}
