/**
 * The render's preview-style diff on real renders, the second fed the first's outputs.json the way
 * `npm run render` does: what a config-only release, an image change and a secret rotation show.
 */
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { previousOutputs } from "../../tools/harness/previous-outputs";
import { describePreview, previewDiff, type Step } from "../../tools/harness/preview-diff";
import { resourceRecords } from "../../tools/harness/render-files";
import { releaseSummary } from "../../tools/harness/release-summary";
import { renderStack, type RenderResult } from "../../tools/harness/render-stack";
import { at, find, render, stackInput, T, webApp, type ConfigObject } from "../support/stack";
import { tempDir } from "../support/temp-dir";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const mocked = (reference: string) => `sha256:${"0".repeat(16)}${sha256(reference).slice(0, 48)}`;

const base = {
  environment: "prod",
  apps: { web: webApp({ env: { LOG_LEVEL: "info" }, domains: ["www.example.com"] }) },
  secrets: { web: { DATABASE_URL: "postgres://one" } },
};
const configChange = { ...base, apps: { web: { ...base.apps.web, env: { LOG_LEVEL: "debug" } } } };
const imageAndSecret = {
  apps: { web: { ...base.apps.web, image: { repository: "ghcr.io/acme/web", tag: "1.0.1" } } },
  secrets: { web: { DATABASE_URL: "postgres://two" } },
};

/** The next render as `npm run render` does it: the previous one's outputs.json read back. */
async function renderNext(previous: RenderResult, config: ConfigObject): Promise<RenderResult> {
  const dir = tempDir("preview-diff-");
  writeFileSync(join(dir, "outputs.json"), JSON.stringify(previous.outputs));
  return renderStack({ ...stackInput(config), previousOutputs: previousOutputs(dir) });
}

const name = (step: Step) => step.urn.split("::").pop();
let before: RenderResult;
const diffTo = async (config: ConfigObject) => {
  before ??= await render(base);
  const after = await renderNext(before, config);
  const previous = resourceRecords(before);
  return { after, steps: previewDiff(previous, resourceRecords(after, previous)) };
};

test("a config-only change: the new ConfigMap created, the old one kept, the workload updated", async () => {
  const { after, steps } = await diffTo(configChange);
  // Content-addressed: the name is the first 10 hex digits of the SHA-256 of the data.
  const oldName = `web-config-${createHash("sha256").update('{"LOG_LEVEL":"info"}').digest("hex").slice(0, 10)}`;
  const newName = `web-config-${createHash("sha256").update('{"LOG_LEVEL":"debug"}').digest("hex").slice(0, 10)}`;
  expect(steps.map((s) => [s.op, s.type, name(s)])).toEqual([
    ["update", T.deployment, "web-web"],
    ["create", T.configMap, newName],
  ]);
  // The first release's ConfigMap has no step: the history keeps it registered, as it was.
  expect(at(find(after, T.configMap, "web-config").inputs, "metadata.name")).toBe(oldName);
  expect(steps[0].changes).toContainEqual({
    path: "spec.template.spec.containers[0].envFrom[0].configMapRef.name",
    old: oldName,
    new: newName,
  });
  expect(steps[0].reasons).toEqual([]);
});

test("a config-only release names each env key it changed, added or removed", async () => {
  before ??= await render(base);
  const env = { LOG_LEVEL: "debug", FEATURE_X: "on" };
  const after = await renderNext(before, { ...base, apps: { web: { ...base.apps.web, env } } });
  const previous = resourceRecords(before);
  const current = resourceRecords(after, previous);
  expect(releaseSummary(previewDiff(previous, current), previous, current)).toEqual([
    "web-web: env FEATURE_X added, LOG_LEVEL changed",
  ]);
});

test("an image change shows the image path; a rotated secret shows as a new Secret, values never", async () => {
  const { steps } = await diffTo({ ...base, ...imageAndSecret });
  const workload = steps.find((s) => name(s) === "web-web")!;
  expect(workload.op).toBe("update");
  expect(workload.changes).toContainEqual({
    path: "spec.template.spec.containers[0].image",
    // Tags run by digest; the mock registry's is sixteen zeros, then the sha256 of the reference.
    old: `ghcr.io/acme/web@${mocked("ghcr.io/acme/web:1.0.0")}`,
    new: `ghcr.io/acme/web@${mocked("ghcr.io/acme/web:1.0.1")}`,
  });
  const created = steps.filter((s) => s.op === "create");
  expect(created.map((s) => s.type)).toEqual([T.secret]);
  expect(name(created[0])).toMatch(/^web-secrets-[0-9a-f]{10}$/);
  expect(steps.filter((s) => s.op === "delete" || s.op === "replace")).toEqual([]);
  const text = describePreview(steps);
  expect(text).toContain(
    `~ spec.template.spec.containers[0].image: "ghcr.io/acme/web@${mocked("ghcr.io/acme/web:1.0.0")}" (mock digest) => "ghcr.io/acme/web@${mocked("ghcr.io/acme/web:1.0.1")}" (mock digest)`,
  );
  expect(text).not.toMatch(/postgres:/);
});

test("a rotated secret is named in the summary without its values", async () => {
  before ??= await render(base);
  const after = await renderNext(before, { ...base, secrets: { web: { DATABASE_URL: "postgres://two" } } });
  const previous = resourceRecords(before);
  const current = resourceRecords(after, previous);
  const lines = releaseSummary(previewDiff(previous, current), previous, current);
  expect(lines).toEqual(["web-web: secrets changed (values not shown)"]);
});

test("outputs.json holds no secret, yet reads back as the previous update the program needs", async () => {
  before ??= await render(base);
  const dir = tempDir("preview-diff-");
  const written = JSON.stringify(before.outputs);
  writeFileSync(join(dir, "outputs.json"), written);
  const real = before.stackOutputs.values;
  expect(written).not.toContain(String(real.releaseNameKey));
  const read = previousOutputs(dir)!;
  expect(read.values.releaseNameKey).toBe(real.releaseNameKey);
  expect(read.values.releaseHistory).toEqual(real.releaseHistory);
  expect(read.secretNames).toEqual(["releaseNameKey"]);
});

test("reverting a config edit re-uses the kept ConfigMap: nothing a running release mounts is deleted or replaced", async () => {
  before ??= await render(base);
  const edited = await renderNext(before, configChange);
  const reverted = await renderNext(edited, base);
  // What the render writes after the edit, as the engine's state would hold it.
  const afterEdit = resourceRecords(edited, resourceRecords(before));
  const steps = previewDiff(afterEdit, resourceRecords(reverted, afterEdit));
  expect(steps.map((s) => [s.op, s.type, name(s)])).toEqual([["update", T.deployment, "web-web"]]);
  const revertedTo = at(find(reverted, T.configMap, "web-config").inputs, "metadata.name");
  expect(steps[0].changes).toContainEqual(
    expect.objectContaining({ path: "spec.template.spec.containers[0].envFrom[0].configMapRef.name", new: revertedTo }),
  );
});
