/**
 * Checks that a render's canary and blue/green analyses measure something that will exist: every
 * `service` label an AnalysisTemplate's PromQL selects must be the router's name for a backendRef of
 * one of the render's HTTPRoutes, pointing at a Service the render creates, in that namespace, with
 * that port. The router only emits series for routed backends, so anything else is an analysis that
 * never gets data.
 */
import type { RenderResult } from "../../tools/harness/render-stack";
import { at } from "./stack";

/** The Traefik release the oracle below was written for; the checks assert the router pin ships it. */
export const ORACLE_TRAEFIK_VERSION = "v3.6.0";

/**
 * The `service` label Traefik v3.6.0 gives a backendRef's series, written here from its source
 * (pkg/provider/kubernetes/gateway/httproute.go L230, L275-276; provider.Normalize is
 * strings.FieldsFunc over non-letters/digits joined by "-") and on purpose not shared with
 * components/platform/services/router-metrics.ts, so a wrong naming in the program fails the checks.
 */
export function traefikBackendName(namespace: string, service: string, port: number): string {
  const normalize = (name: string) => {
    const fields = [""];
    for (const rune of name) {
      if (/\p{L}|\p{N}/u.test(rune)) fields[fields.length - 1] += rune;
      else fields.push("");
    }
    return fields.filter((field) => field !== "").join("-");
  };
  return `${normalize(`${normalize(`${namespace}-${service}-http`)}-${port}`)}@kubernetesgateway`;
}

interface BackendRef {
  name: string;
  namespace?: string;
  port?: number;
}

/** `namespace/name` → the ports the Service exposes. */
function servicePorts(result: RenderResult): Map<string, number[]> {
  const ports = new Map<string, number[]>();
  for (const { object } of result.objects.filter((o) => o.object.kind === "Service")) {
    const key = `${object.metadata.namespace}/${object.metadata.name}`;
    ports.set(
      key,
      (at(object, "spec.ports") ?? []).map((p: { port: number }) => p.port),
    );
  }
  return ports;
}

/** The series names the router will report: one per routed backendRef whose Service port exists. */
function routedBackendNames(result: RenderResult): Set<string> {
  const ports = servicePorts(result);
  const names = new Set<string>();
  for (const { object } of result.objects.filter((o) => o.object.kind === "HTTPRoute")) {
    const rules: Array<{ backendRefs?: BackendRef[] }> = at(object, "spec.rules") ?? [];
    for (const ref of rules.flatMap((rule) => rule.backendRefs ?? [])) {
      const namespace = ref.namespace ?? object.metadata.namespace!;
      if (ref.port !== undefined && ports.get(`${namespace}/${ref.name}`)?.includes(ref.port))
        names.add(traefikBackendName(namespace, ref.name, ref.port));
    }
  }
  return names;
}

/** Every selector of every analysis query that names no routed backend, as `<ns>/<template> <metric>: …`. */
export function unmatchedAnalysisBackends(result: RenderResult): string[] {
  const routed = routedBackendNames(result);
  const problems = new Set<string>();
  for (const { object } of result.objects.filter((o) => o.object.kind === "AnalysisTemplate")) {
    const where = `${object.metadata.namespace}/${object.metadata.name}`;
    for (const metric of at(object, "spec.metrics") as Array<{ name: string; provider: any }>) {
      // Acceptance Jobs call a Service directly; only Prometheus metrics select router series.
      if (!metric.provider.prometheus) continue;
      const query: string = at(metric, "provider.prometheus.query");
      const selected = [...query.matchAll(/\bservice\s*(=~|!=|!~|=)\s*"([^"]*)"/g)];
      if (selected.length === 0) problems.add(`${where} ${metric.name}: selects no service`);
      for (const [, op, value] of selected)
        if (op !== "=" || !routed.has(value)) problems.add(`${where} ${metric.name}: service${op}"${value}"`);
    }
  }
  return [...problems];
}
