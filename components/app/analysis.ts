/**
 * The app's AnalysisTemplate: Argo Rollouts asks Prometheus for the error ratio (5xx / all) and the
 * p99 latency of one of the app's own router backends, and fails the release when either crosses
 * its threshold. The router (Traefik, Gateway API provider) reports one series per backend Service,
 * labelled `<namespace>-<service>-http-<port>@kubernetesgateway` (router-metrics.ts), so a canary is measured apart from its
 * stable twin.
 *
 * No data is not good news: an empty result (no series, too few requests) or NaN (no traffic)
 * satisfies neither condition, so the measurement is Inconclusive. Both conditions check for data
 * first, because a lone successCondition would call it Failed and indexing an empty result would be
 * an evaluation Error.
 */
import type * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import type { AnalysisConfig } from "../../config/types";
import { ROUTER_METRICS } from "../platform/services/router-metrics";

/** A rate window never shorter than a minute: Prometheus needs two scrapes in it. */
function window(analysis: AnalysisConfig): string {
  return `${Math.max(analysis.interval.seconds, 60)}s`;
}

function analysisQueries(backend: string, analysis: AnalysisConfig): { errorRate: string; p99Ms: string } {
  const w = window(analysis);
  const { requestsTotal, requestDurationBucket, serviceLabel, codeLabel } = ROUTER_METRICS;
  const requests = `${requestsTotal}{${serviceLabel}="${backend}"}`;
  const enough = `and on() (sum(increase(${requests}[${w}])) >= ${analysis.minRequests})`;
  return {
    // No 5xx series at all means no errors: count it as 0, not as missing data.
    errorRate: `(sum(rate(${requestsTotal}{${serviceLabel}="${backend}",${codeLabel}=~"5.."}[${w}])) or on() vector(0)) / sum(rate(${requests}[${w}])) ${enough}`,
    p99Ms: `histogram_quantile(0.99, sum by (le) (rate(${requestDurationBucket}{${serviceLabel}="${backend}"}[${w}]))) * 1000 ${enough}`,
  };
}

const HAS_DATA = "len(result) > 0 && !isNaN(result[0])";

function metric(
  name: string,
  query: string,
  threshold: number,
  analysis: AnalysisConfig,
  prometheusUrl: pulumi.Input<string>,
) {
  return {
    name,
    initialDelay: analysis.initialDelay.text,
    interval: analysis.interval.text,
    count: analysis.count,
    failureLimit: analysis.failureLimit,
    inconclusiveLimit: analysis.inconclusiveLimit,
    successCondition: `${HAS_DATA} && result[0] <= ${threshold}`,
    failureCondition: `${HAS_DATA} && result[0] > ${threshold}`,
    provider: { prometheus: { address: prometheusUrl, query } },
  };
}

export interface AnalysisTemplateArgs {
  /** The template's name, referenced by the Rollout. */
  name: string;
  namespace: pulumi.Input<string>;
  labels: Record<string, string>;
  backend: string;
  analysis: AnalysisConfig;
  prometheusUrl: pulumi.Input<string>;
}

export function createAnalysisTemplate(args: AnalysisTemplateArgs, opts: pulumi.CustomResourceOptions): CustomResource {
  const queries = analysisQueries(args.backend, args.analysis);
  return new CustomResource(
    args.name,
    {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "AnalysisTemplate",
      metadata: { name: args.name, namespace: args.namespace, labels: args.labels },
      spec: {
        metrics: [
          metric("error-rate", queries.errorRate, args.analysis.maxErrorRate, args.analysis, args.prometheusUrl),
          metric("p99-latency-ms", queries.p99Ms, args.analysis.maxP99Ms, args.analysis, args.prometheusUrl),
        ],
      },
    },
    opts,
  );
}
