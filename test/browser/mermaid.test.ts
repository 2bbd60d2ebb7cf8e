/**
 * graph.md drawn by the real Mermaid (node_modules/mermaid, its browser bundle) in headless Chromium:
 * every chart of the prod stack and of the 500-app stack renders, and the 500-app stack drawn whole
 * is refused, which is why graph.md splits it.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { mermaidGraph, MERMAID_MAX_EDGES } from "../../tools/harness/stack-graph";
import { openWatched, renders, type WatchedPage } from "./watched-page";

const charts = (markdown: string) => [...markdown.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((match) => match[1]);

/** Renders each chart; resolves to each one's error message, or to the number of nodes it drew. */
async function draw(page: WatchedPage["page"], texts: string[]): Promise<Array<string | number>> {
  return page.evaluate(async (sources) => {
    // The bundle's global; the test's types have no DOM, hence globalThis.
    const { mermaid } = globalThis as unknown as {
      mermaid: { initialize(config: object): void; render(id: string, text: string): Promise<{ svg: string }> };
    };
    mermaid.initialize({ startOnLoad: false });
    const results: Array<string | number> = [];
    for (const [i, source] of sources.entries()) {
      try {
        const { svg } = await mermaid.render(`chart${i}`, source);
        results.push(
          svg.includes("Maximum text size in diagram exceeded")
            ? "text too long"
            : (svg.match(/class="node /g) ?? []).length,
        );
      } catch (error) {
        results.push((error as Error).message);
      }
    }
    return results;
  }, texts);
}

let blank: WatchedPage;
beforeAll(async () => {
  const file = join(renders(), "mermaid.html");
  writeFileSync(file, "<!doctype html><html><body></body></html>");
  blank = await openWatched(file);
  await blank.page.addScriptTag({
    path: join(dirname(require.resolve("mermaid/package.json")), "dist", "mermaid.min.js"),
  });
});

test("the prod stack's graph.md is one chart, drawn with every resource", async () => {
  const [chart, ...more] = charts(readFileSync(renders("prod", "graph.md"), "utf8"));
  expect(more).toEqual([]);
  const resources = JSON.parse(readFileSync(renders("prod", "resources.json"), "utf8")) as unknown[];
  // Every resource, and the stack node.
  await expect(draw(blank.page, [chart])).resolves.toEqual([resources.length + 1]);
});

test("at 500 apps, every chart of graph.md renders; the whole stack in one chart is refused", async () => {
  const all = charts(readFileSync(renders("bench-500", "graph.md"), "utf8"));
  expect(all.length).toBeGreaterThan(1);
  const drawn = await draw(blank.page, all);
  for (const result of drawn) expect(typeof result).toBe("number");
  // The apps' charts hold one node per app (and the stack node each).
  expect(drawn.slice(-5)).toEqual([101, 101, 101, 101, 101]);
  expect(blank.errors).toEqual([]);

  const records = JSON.parse(readFileSync(renders("bench-500", "resources.json"), "utf8")) as Array<{
    urn: string;
    type: string;
    name: string;
    parent?: string;
  }>;
  const whole = mermaidGraph(
    "bench-500",
    records.map((record) => ({ ...record, custom: true })),
  );
  await expect(draw(blank.page, [whole])).resolves.toEqual(["text too long"]);
});

test(`this mermaid draws ${MERMAID_MAX_EDGES} edges in a chart and refuses one more`, async () => {
  const chain = (edges: number) =>
    ["flowchart LR", ...Array.from({ length: edges }, (_, i) => `  a${i} --> a${i + 1}`)].join("\n");
  const [fits, over] = await draw(blank.page, [chain(MERMAID_MAX_EDGES), chain(MERMAID_MAX_EDGES + 1)]);
  expect(fits).toBe(MERMAID_MAX_EDGES + 1);
  expect(over).toMatch(/^Edge limit exceeded/);
});
