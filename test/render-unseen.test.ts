/**
 * The render says what it cannot see: every Helm install is one opaque resource under the mock
 * engine, and controllers create objects at run time that no preview shows.
 */
import { CHARTS } from "../components/platform/charts";
import { policyReport } from "../tools/harness/policy-report";
import type { RenderResult } from "../tools/harness/render-stack";
import { describeUnseen, unseenByRender, type Unseen } from "../tools/harness/unseen";
import { H, helmInstalls } from "./support/platform";
import { ofType, renderStackFile, T } from "./support/stack";

let prod: RenderResult;
let unseen: Unseen;

beforeAll(async () => {
  prod = await renderStackFile("prod");
  unseen = unseenByRender(prod.resources, prod.objects);
});

test("every Helm install is listed as unseen, with its pinned chart and who does see its objects", () => {
  const installs = helmInstalls(prod);
  expect(installs.length).toBeGreaterThan(5);
  expect(unseen.opaqueInstalls.map((i) => i.name).sort()).toEqual(installs.map((i) => i.name).sort());
  const pins = Object.values(CHARTS);
  for (const install of unseen.opaqueInstalls) {
    const pin = pins.find((p) => p.chart === install.chart);
    expect([install.name, install.version]).toEqual([install.name, pin?.version]);
    // Only a v4 Chart's objects reach a real preview's policies; a v3 Release's reach none.
    const seenInPreview = install.type === H.chart;
    expect([install.name, install.objectsSeenBy.includes("pulumi preview")]).toEqual([install.name, seenInPreview]);
  }
});

test("objects controllers make at run time are counted by the kind that causes them", () => {
  const byKind = new Map(unseen.runtimeObjects.map((r) => [r.kind, r]));
  expect(byKind.get("Rollout")?.count).toBe(ofType(prod, T.rollout).length);
  expect(byKind.get("Rollout")?.creates).toMatch(/AnalysisRuns/);
  expect(byKind.get("AnalysisTemplate")?.creates).toMatch(/Jobs and Pods of its Job metrics/);
  expect(byKind.get("Deployment")?.count).toBe(ofType(prod, T.deployment).length);
  expect(byKind.get("Certificate")?.count).toBe(ofType(prod, H.certificate).length);
  expect(byKind.has("Namespace")).toBe(false);
});

test("the console summary and policy.json both say so", () => {
  const text = describeUnseen(unseen);
  for (const install of unseen.opaqueInstalls) expect(text).toContain(`${install.name} (${install.chart}`);
  expect(text).toContain(`from ${ofType(prod, T.rollout).length} Rollout:`);
  const report = JSON.parse(policyReport("prod", prod.environment, prod.verdicts, unseen));
  expect(report.notEvaluated).toEqual(unseen);
});

test("a render with nothing unseen says that", () => {
  expect(describeUnseen({ opaqueInstalls: [], runtimeObjects: [] })).toMatch(/: nothing/);
});
