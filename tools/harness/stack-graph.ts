/**
 * A picture of the stack: Mermaid flowcharts of components → the resources they own, built from the
 * registrations' parents. Written as Markdown so GitHub renders it.
 *
 * Mermaid refuses a flowchart past 500 edges and a diagram text past 50,000 characters (it draws
 * "Maximum text size in diagram exceeded" instead). Both are defaults of mermaid 12.3.0 (the version
 * the browser test renders with): `maxEdges: 500` and `maxTextSize: 5e4` in the defaultConfig of
 * node_modules/mermaid/dist/mermaid.js; in the source, packages/mermaid/src/schemas/config.schema.yaml
 * (`maxTextSize` default 50000, `maxEdges` default 500), flowDb.ts `addSingleLink` (pushes an edge
 * while `edges.length < maxEdges`) and mermaidAPI.ts `MAX_TEXTLENGTH = 50_000` (mermaid-js/mermaid,
 * tag mermaid@11.14.0; the pinned 12.3.0's dist has the same values, its source not re-read).
 * A stack that fits in one chart is drawn whole; a larger one (hundreds of apps) is split into charts
 * that each stay under both limits: the stack's other components in full, then the apps, one node
 * per app with its resource count, a page of apps per chart.
 */
import type { Registration } from "./mock-engine";

type Resource = Pick<Registration, "urn" | "type" | "name" | "parent" | "custom">;

export interface Chart {
  title: string;
  /** The flowchart's source, what goes inside the ```mermaid fence. */
  text: string;
}

export const MERMAID_MAX_EDGES = 500;
export const MERMAID_MAX_TEXT = 50_000;
/** Apps per chart when apps are drawn one node each: a page a reader can scan. */
const APPS_PER_CHART = 100;
const APP_TYPE = "slipway:app:App";

/** `kubernetes:apps/v1:Deployment` → `Deployment`; `aws:s3/bucketV2:BucketV2` → `aws:BucketV2`. */
function shortType(resource: Resource): string {
  const [pkg] = resource.type.split(":");
  const kind = resource.type.split(":").pop()!;
  return !resource.custom || pkg === "kubernetes" ? kind : `${pkg}:${kind}`;
}

function label(text: string): string {
  return text.replace(/"/g, "#quot;");
}

/** Components are rounded, resources square. */
const node = (id: string, resource: Resource, text = `${shortType(resource)}<br/>${resource.name}`) =>
  resource.custom ? `  ${id}["${label(text)}"]` : `  ${id}(["${label(text)}"])`;

const header = (stack: string) => ["flowchart LR", `  stack(["stack ${label(stack)}"])`];

/** Every resource and an edge to its parent (or to the stack): the whole stack in one chart. */
export function mermaidGraph(stack: string, resources: Resource[]): string {
  const ids = new Map(resources.map((r, i) => [r.urn, `n${i}`]));
  const lines = header(stack);
  for (const resource of resources) lines.push(node(ids.get(resource.urn)!, resource));
  for (const resource of resources) {
    const parent = resource.parent && ids.has(resource.parent) ? ids.get(resource.parent)! : "stack";
    lines.push(`  ${parent} --> ${ids.get(resource.urn)}`);
  }
  return lines.join("\n");
}

const fits = (text: string, edges: number) => edges <= MERMAID_MAX_EDGES && text.length <= MERMAID_MAX_TEXT;

/** The charts graph.md holds: one when the stack fits, else several, each under Mermaid's limits. */
export function mermaidCharts(stack: string, resources: Resource[]): Chart[] {
  const whole = mermaidGraph(stack, resources);
  if (fits(whole, resources.length)) return [{ title: "Components and resources", text: whole }];

  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const topOf = (resource: Resource) => {
    let current = resource;
    while (current.parent && byUrn.has(current.parent)) current = byUrn.get(current.parent)!;
    return current;
  };
  const trees = new Map<Resource, Resource[]>();
  for (const resource of resources) {
    const top = topOf(resource);
    if (!trees.has(top)) trees.set(top, []);
    trees.get(top)!.push(resource);
  }
  const apps = [...trees].filter(([top]) => top.type === APP_TYPE);
  const others = [...trees].filter(([top]) => top.type !== APP_TYPE);

  const charts: Chart[] = [];
  let page: Resource[] = [];
  const flush = () => {
    if (page.length === 0) return;
    charts.push({ title: `Platform and shared resources (${charts.length + 1})`, text: mermaidGraph(stack, page) });
    page = [];
  };
  for (const [top, tree] of others) {
    const drawn = fits(mermaidGraph(stack, tree), tree.length) ? tree : [collapsed(top, tree.length)];
    if (!fits(mermaidGraph(stack, [...page, ...drawn]), page.length + drawn.length)) flush();
    page.push(...drawn);
  }
  flush();
  if (charts.length === 1) charts[0].title = "Platform and shared resources";
  for (let i = 0; i < apps.length; i += APPS_PER_CHART) {
    const slice = apps.slice(i, i + APPS_PER_CHART);
    const names = `${slice[0][0].name} … ${slice[slice.length - 1][0].name}`;
    charts.push({
      title: `Apps ${i + 1}-${i + slice.length} of ${apps.length} (${names}), one node per app`,
      text: mermaidGraph(
        stack,
        slice.map(([top, tree]) => collapsed(top, tree.length)),
      ),
    });
  }
  return charts;
}

/** A component drawn as one node that says how many resources it holds (itself included). */
function collapsed(top: Resource, count: number): Resource {
  return { ...top, parent: undefined, name: `${top.name}<br/>${count} resources` };
}

export function graphMarkdown(stack: string, resources: Resource[]): string {
  const charts = mermaidCharts(stack, resources);
  const lines = [
    `# Stack ${stack}`,
    "",
    "Generated by `npm run render`: each component and the resources it owns.",
    "",
  ];
  if (charts.length > 1) {
    lines.push(
      `${resources.length} resources: too many for one Mermaid chart (${MERMAID_MAX_EDGES} edges, ${MERMAID_MAX_TEXT} characters), so ${charts.length} charts; apps are one node each (\`npm run report\` lists their resources).`,
      "",
    );
  }
  for (const chart of charts) {
    if (charts.length > 1) lines.push(`## ${chart.title}`, "");
    lines.push("```mermaid", chart.text, "```", "");
  }
  return lines.join("\n");
}
