/**
 * What the API server and etcd refuse by size, checked where the config can put that much into one
 * object: a stack that would be refused halfway through an update is refused before anything is
 * registered. App env and secrets are bounded by the ConfigMap/Secret limit (k8s-limits.ts); this
 * bounds the annotations the chart values escape hatch writes.
 */
import { isMap, valuesPath, type ChartValues } from "./chart-values";
import type { ConfigProblem } from "./errors";

/**
 * An object's annotations, keys and values counted together: kubernetes/kubernetes v1.33
 * staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go (TotalAnnotationSizeLimitB,
 * ValidateAnnotationsSize sums len(k)+len(v)).
 */
export const MAX_ANNOTATION_BYTES = 256 * 1024;
/**
 * The largest request etcd takes by default, so the largest object the API server can store:
 * etcd-io/etcd v3.5 server/embed/config.go DefaultMaxRequestBytes (1.5 MiB), the setting EKS runs.
 */
export const MAX_OBJECT_BYTES = 1.5 * 1024 * 1024;

/** Keys and values of an annotation map, in bytes, as the API server counts them. */
export function annotationBytes(annotations: Record<string, unknown>): number {
  return Object.entries(annotations).reduce(
    (sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(typeof value === "string" ? value : ""),
    0,
  );
}

/** Maps under an `…annotations` key (podAnnotations, service.annotations): each lands on one object. */
function annotationMaps(values: ChartValues, path: string[] = []): { path: string[]; bytes: number }[] {
  return Object.entries(values).flatMap(([key, value]) => {
    if (!isMap(value)) return [];
    const here = [...path, key];
    const own = /annotations$/i.test(key) ? [{ path: here, bytes: annotationBytes(value) }] : [];
    return [...own, ...annotationMaps(value, here)];
  });
}

/** `slipway:platform.<service>.values…annotations` maps past the API server's annotation limit. */
export function chartAnnotationProblems(services: Record<string, { values?: ChartValues }>): ConfigProblem[] {
  return Object.entries(services).flatMap(([service, settings]) =>
    annotationMaps(settings.values ?? {})
      .filter(({ bytes }) => bytes > MAX_ANNOTATION_BYTES)
      .map(({ path, bytes }) => ({
        key: `slipway:platform.${service}.values${valuesPath(path)}`,
        message: `expected annotations of at most ${MAX_ANNOTATION_BYTES} bytes in total (the API server's limit on one object), got ${bytes}`,
      })),
  );
}
