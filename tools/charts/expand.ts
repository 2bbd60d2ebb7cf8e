/**
 * Expands the render's chart installs whose pinned package is in the chart cache: `helm template` with
 * the release name, namespace and values the install resource was given (exactly what the installer
 * passed the provider, as the mock engine recorded it) and the cluster's Kubernetes version; then
 * every object is validated (OpenAPI schemas, pinned CRDs and their CEL rules) and judged by the
 * pack's resource policies. An install that is not expanded says why.
 */
import { parseAllDocuments } from "yaml";
import { policies as slipwayPolicies } from "../../policy/policies";
import type { ChartPin } from "../../components/platform/charts";
import { CHARTS } from "../../components/platform/installers";
import { validateObject } from "../harness/k8s-schema";
import type { Registration } from "../harness/mock-engine";
import type { PackConfig } from "../harness/policy-config";
import { evaluatePolicies } from "../harness/policy-eval";
import type { ChartCache } from "./cache";
import { expectedDigest } from "./digests";
import type { HelmTemplate } from "./helm";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const CHART = "kubernetes:helm.sh/v4:Chart";
const CHART_INSTALL_TYPES = new Set([RELEASE, CHART]);

export const NOT_IN_CACHE = "not expanded: chart package not in cache (run npm run charts -- pull)";

interface ChartProblem {
  /** `Kind namespace/name`, or `Kind name` for an object without a namespace. */
  object: string;
  /** `schema`, or the policy's name. */
  rule: string;
  enforcement: "mandatory" | "advisory";
  message: string;
}

export type ChartExpansion = { install: string; urn: string; chart: string; version: string } & (
  { expanded: true; objects: number; problems: ChartProblem[] } | { expanded: false; reason: string }
);

export interface ExpansionContext {
  cache: ChartCache;
  helm: HelmTemplate;
  /** `slipway:cluster.version`, when the config states it. */
  kubeVersion?: string;
  environment: string;
  packConfig: PackConfig;
  /** The pins installs may name; the platform's by default. */
  pins?: readonly ChartPin[];
}

type Manifest = { apiVersion: string; kind: string; metadata: { name?: string; namespace?: string } };

const text = (value: unknown) => (typeof value === "string" ? value : "");
const objectName = (o: Manifest) => `${o.kind} ${[o.metadata?.namespace, o.metadata?.name].filter(Boolean).join("/")}`;

/** As Pulumi types an object: `kubernetes:<group>/<version>:<Kind>`, the core group as `core`. */
const typeOf = (o: Manifest) =>
  `kubernetes:${o.apiVersion.includes("/") ? o.apiVersion : `core/${o.apiVersion}`}:${o.kind}`;

/** Each object as a child registration of the install, as a real preview registers a Chart's objects. */
function childRegistration(install: Registration, object: Manifest, index: number): Registration {
  const [prefix, , qualifiedType] = install.urn.split("::");
  const name = `${install.name}:${object.metadata?.namespace ?? ""}/${object.metadata?.name ?? index}`;
  return {
    urn: `${prefix}::${install.urn.split("::")[1]}::${qualifiedType}$${typeOf(object)}::${name}`,
    type: typeOf(object),
    name,
    parent: install.urn,
    custom: true,
    inputs: object,
    secretPaths: [],
    propertyDependencies: {},
    options: { ...install.options, dependsOn: [], ignoreChanges: [] },
  };
}

async function judge(install: Registration, objects: Manifest[], context: ExpansionContext): Promise<ChartProblem[]> {
  const children = objects.map((object, i) => childRegistration(install, object, i));
  const problems: ChartProblem[] = objects.flatMap((object) =>
    validateObject(object).map((message) => ({
      object: objectName(object),
      rule: "schema",
      enforcement: "mandatory" as const,
      message,
    })),
  );
  // The install itself is passed along so that its secret values are scrubbed from the messages.
  const verdicts = await evaluatePolicies([install, ...children], context.environment, {
    config: context.packConfig,
    policies: slipwayPolicies.filter((p) => "validateResource" in p),
  });
  const byUrn = new Map(children.map((child, i) => [child.urn, objects[i]]));
  for (const v of verdicts) {
    const object = v.urn ? byUrn.get(v.urn) : undefined;
    if (object)
      problems.push({ object: objectName(object), rule: v.policy, enforcement: v.enforcement, message: v.message });
  }
  return problems;
}

async function expandOne(install: Registration, context: ExpansionContext): Promise<ChartExpansion> {
  const chart = text(install.inputs.chart);
  const version = text(install.inputs.version);
  const at = { install: install.name, urn: install.urn, chart, version };
  const pin = (context.pins ?? CHARTS).find((p) => p.chart === chart && p.version === version);
  if (!pin) return { ...at, expanded: false, reason: "not expanded: not a chart the platform pins" };
  const expected = expectedDigest(pin);
  const sha256 = "sha256" in expected ? expected.sha256 : context.cache.pinnedDigest(chart, version);
  if (!sha256 || !context.cache.holds(sha256)) return { ...at, expanded: false, reason: NOT_IN_CACHE };
  const manifest = context.helm({
    chart: context.cache.packagePath(sha256),
    releaseName: text(install.inputs.name) || install.name,
    namespace: text(install.inputs.namespace) || "default",
    values: install.inputs.values ?? {},
    kubeVersion: context.kubeVersion,
    includeCrds: install.inputs.skipCrds !== true,
    // helm.v4.Chart installs no hook objects; a Release runs them (test hooks only on `helm test`).
    noHooks: install.type === CHART,
  });
  const objects = parseAllDocuments(manifest)
    .map((doc) => doc.toJS() as Manifest | null)
    .filter((o): o is Manifest => o !== null && typeof o === "object" && typeof o.kind === "string");
  return { ...at, expanded: true, objects: objects.length, problems: await judge(install, objects, context) };
}

export async function expandCharts(resources: Registration[], context: ExpansionContext): Promise<ChartExpansion[]> {
  const expansions: ChartExpansion[] = [];
  for (const install of resources.filter((r) => CHART_INSTALL_TYPES.has(r.type)))
    expansions.push(await expandOne(install, context));
  return expansions;
}

export function describeExpansions(expansions: ChartExpansion[]): string[] {
  const lines: string[] = [];
  for (const e of expansions.filter((x) => x.expanded)) {
    if (!e.expanded) continue;
    lines.push(
      `Chart ${e.install} (${e.chart} ${e.version}) expanded: ${e.objects} objects, ${e.problems.length} problems`,
    );
    for (const p of e.problems) lines.push(`  ${p.rule} (${p.enforcement}): ${p.object}: ${p.message}`);
  }
  return lines;
}

/** Whether an expanded chart has a schema problem or a mandatory policy violation. */
export const failing = (expansions: ChartExpansion[]) =>
  expansions.some((e) => e.expanded && e.problems.some((p) => p.enforcement === "mandatory"));
