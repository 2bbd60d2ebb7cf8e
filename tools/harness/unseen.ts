/**
 * What the offline render cannot see, so that its console summary and policy.json say so rather than
 * suggest that every object was checked against its schema and the policies:
 *  - Helm installs reach the mock engine as one resource each, their objects never (the mocks run no
 *    provider). helm.v4.Chart is a provider-side component, so a real `pulumi preview` shows its
 *    objects (hooks excepted) to the policy pack; helm.v3.Release objects are made by Helm inside
 *    the provider during `pulumi up`, and no preview or policy ever sees them.
 *  - Controllers make objects at run time from what the program declares (Pods, AnalysisRuns, TLS
 *    Secrets, nodes…); no preview sees those either.
 *  - Images no public source pins are looked up in their registry at preview and run by that digest;
 *    offline the mock engine invents it (mock-digests.ts), so the render names each such image with its
 *    digest labelled. One whose lookup failed runs by tag, which can move without any change here.
 *  - Downloads pinned by a checksum no upstream source states (the Gateway API traffic-router plugin)
 *    are as good as that checksum, which nobody here has verified.
 */
import { GATEWAY_API_PLUGIN } from "../../components/platform/charts";
import { unpinnedImages } from "../../components/platform/image-resolution";
import { serviceOfChart } from "../../components/platform/installers";
import type { ChartExpansion } from "../charts/expand";
import type { KubernetesObject } from "./inventory";
import type { Registration } from "./mock-engine";
import { holdsMockDigest, labelMockDigest } from "./mock-digests";

/** Opaque install types, with who sees their objects. */
const OPAQUE: Record<string, string> = {
  "kubernetes:helm.sh/v3:Release": "nobody before `pulumi up`: Helm renders its objects inside the provider",
  "kubernetes:helm.sh/v4:Chart": "a real `pulumi preview` (the provider renders the chart; hooks are skipped)",
  "kubernetes:yaml/v2:ConfigGroup": "a real `pulumi preview` (the provider reads the YAML)",
  "kubernetes:yaml/v2:ConfigFile": "a real `pulumi preview` (the provider reads the YAML)",
  "kubernetes:kustomize/v2:Directory": "a real `pulumi preview` (the provider runs kustomize)",
};

/** What a controller creates at run time from an object of this kind. */
const RUNTIME: Record<string, string> = {
  Deployment: "ReplicaSets and Pods (kube-controller-manager)",
  Rollout: "ReplicaSets, Pods and AnalysisRuns, and HTTPRoute weight changes during a canary (Argo Rollouts)",
  HorizontalPodAutoscaler: "its target's replica count (kube-controller-manager)",
  Job: "Pods (kube-controller-manager)",
  // The Job specs are in the template, so the schema and pod policies judge them there.
  AnalysisTemplate: "Jobs and Pods of its Job metrics, at each analysis (Argo Rollouts)",
  Certificate: "the TLS Secret, CertificateRequests, ACME Orders and Challenges (cert-manager)",
  ClusterIssuer: "an ACME issuer's account key Secret (cert-manager)",
  NodePool: "NodeClaims, EC2 instances and Nodes (Karpenter)",
  ExternalSecret: "the Secret it syncs (External Secrets Operator)",
};

export interface Unseen {
  /** Installs that are one resource in this render; their objects are neither validated nor judged. */
  opaqueInstalls: Array<{
    name: string;
    type: string;
    chart?: string;
    version?: string;
    namespace?: string;
    objectsSeenBy: string;
    /** Why the render did not expand it with Helm (tools/charts/expand.ts), when it tried. */
    expansion?: string;
  }>;
  /** Per kind in the render, how many objects of it there are and what controllers make from them. */
  runtimeObjects: Array<{ kind: string; count: number; creates: string }>;
  /** Images with no recorded digest, pinned by the one their registry named at preview; `mock` if the mock engine invented it. */
  lookedUpImages: Array<{ install: string; image: string; value: string; mock: boolean }>;
  /** Images the installs run by tag (no recorded digest, and the lookup failed), and why (each service's `<KEY>_IMAGES`, components/platform/services/). */
  unpinnedImages: Array<{ install: string; image: string; reason: string }>;
  /** Downloads an install makes, pinned by the built-in release and checksum no upstream source confirms. */
  unverifiedPins: Array<{ install: string; pin: string; reason: string }>;
}

const text = (value: unknown) => (typeof value === "string" ? value : undefined);
const SHA = "sha256:";

/** The string at a dotted chart values path, if there is one. */
function valueAt(values: unknown, path: string): string | undefined {
  let node = values;
  for (const key of path.split("."))
    node = node !== null && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined;
  return text(node);
}

/** `expansions`: the chart installs the render expanded, whose objects it did see, and why not the others. */
export function unseenByRender(
  resources: Registration[],
  objects: KubernetesObject[],
  expansions: ChartExpansion[] = [],
): Unseen {
  const expansionOf = new Map(expansions.map((e) => [e.urn, e]));
  const opaqueInstalls = resources
    .filter((r) => r.type in OPAQUE && !expansionOf.get(r.urn)?.expanded)
    .map((r) => {
      const expansion = expansionOf.get(r.urn);
      return {
        name: r.name,
        type: r.type,
        chart: text(r.inputs.chart),
        version: text(r.inputs.version),
        namespace: text(r.inputs.namespace),
        objectsSeenBy: OPAQUE[r.type],
        ...(expansion && !expansion.expanded && { expansion: expansion.reason }),
      };
    });
  const counts = new Map<string, number>();
  for (const { object } of objects)
    if (object.kind in RUNTIME) counts.set(object.kind, (counts.get(object.kind) ?? 0) + 1);
  const runtimeObjects = [...counts]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, count]) => ({ kind, count, creates: RUNTIME[kind] }));
  const images = resources
    .filter((r) => r.type in OPAQUE)
    .flatMap((r) => {
      const service = serviceOfChart(text(r.inputs.chart) ?? "");
      return (service ? unpinnedImages(service) : []).map((u) => ({
        install: r.name,
        image: `${u.image}:${u.tag}`,
        reason: u.reason,
        value: valueAt(r.inputs.values, u.key),
      }));
    });
  const lookedUp = images
    .filter((i) => i.value?.includes(SHA) || /^[0-9a-f]{64}$/.test(i.value ?? ""))
    .map(({ install, image, value }) => ({ install, image, value: value!, mock: holdsMockDigest(value) }));
  const unpinned = images
    .filter((i) => !lookedUp.some((l) => l.install === i.install && l.image === i.image))
    .map(({ install, image, reason }) => ({ install, image, reason: `${reason}; its registry lookup failed` }));
  const builtInPlugin = GATEWAY_API_PLUGIN.location("amd64");
  const unverifiedPins = resources
    .filter((r) => r.type in OPAQUE && JSON.stringify(r.inputs.values ?? {}).includes(builtInPlugin))
    .map((r) => ({ install: r.name, pin: builtInPlugin, reason: GATEWAY_API_PLUGIN.unverified }));
  return { opaqueInstalls, runtimeObjects, lookedUpImages: lookedUp, unpinnedImages: unpinned, unverifiedPins };
}

export function describeUnseen(unseen: Unseen): string {
  const lines = ["Not seen by this render (no schema or policy check):"];
  if (unseen.opaqueInstalls.length > 0) {
    lines.push(`  ${unseen.opaqueInstalls.length} chart install(s), one resource each here; who sees their objects:`);
    for (const i of unseen.opaqueInstalls) {
      const what = [i.chart, i.version].filter(Boolean).join(" ");
      lines.push(
        `    ${i.name}${what ? ` (${what})` : ""}: ${i.objectsSeenBy}${i.expansion ? `; ${i.expansion}` : ""}`,
      );
    }
  }
  if (unseen.runtimeObjects.length > 0) {
    lines.push("  objects controllers create at run time, which no preview sees:");
    for (const r of unseen.runtimeObjects) lines.push(`    from ${r.count} ${r.kind}: ${r.creates}`);
  }
  if (unseen.lookedUpImages.length > 0) {
    lines.push("  images pinned by the digest their registry named at preview (no upstream source states one):");
    for (const l of unseen.lookedUpImages) lines.push(`    ${l.install}: ${l.image}: ${labelMockDigest(l.value)}`);
  }
  if (unseen.unpinnedImages.length > 0) {
    lines.push("  images run by tag, with no digest recorded (components/platform/services/<key>.ts, `<KEY>_IMAGES`):");
    for (const u of unseen.unpinnedImages) lines.push(`    ${u.install}: ${u.image}: ${u.reason}`);
  }
  if (unseen.unverifiedPins.length > 0) {
    lines.push("  downloads pinned by a checksum that could not be verified:");
    for (const u of unseen.unverifiedPins) lines.push(`    ${u.install}: ${u.pin}: ${u.reason}`);
  }
  return lines.length > 1
    ? lines.join("\n")
    : "Not seen by this render: nothing (no Helm install, no controller-made objects).";
}
