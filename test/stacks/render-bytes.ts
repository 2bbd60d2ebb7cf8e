/**
 * The render's files are cheaper to make than they were, and must stay byte for byte what the plain
 * calls make: every manifest as yaml's `stringify(inputs, { sortMapEntries: true })` writes it, every
 * copy of a registration's inputs (records, manifests, policy props) equal to its structuredClone.
 * Checked on the committed single-layer stacks' renders (shared with single-layer.ts).
 */
import { stringify } from "yaml";
import { stackNames } from "../../tools/ci/stacks";
import { groupOf, indexByUrn, redactedInputs } from "../../tools/harness/inventory";
import { copyTree, frozenCopy } from "../../tools/harness/plain-tree";
import { manifestFiles } from "../../tools/harness/render-files";
import type { RenderResult } from "../../tools/harness/render-stack";
import { stackLayer } from "../support/committed-stack";
import { committedRender } from "../support/stack";

const stacks = stackNames().filter((stack) => stackLayer(stack) === "single");
const renders = new Map<string, RenderResult>();

beforeAll(async () => {
  for (const stack of stacks) renders.set(stack, await committedRender(stack));
});

/** The manifests as the render wrote them before: yaml's defaults but for sorted keys. */
function plainManifests(result: RenderResult): Map<string, string> {
  const byUrn = indexByUrn(result.resources);
  const files = new Map<string, string[]>();
  for (const { registration } of result.objects) {
    const file = `manifests/${groupOf(registration, byUrn)}.yaml`;
    files.set(file, [...(files.get(file) ?? []), stringify(redactedInputs(registration), { sortMapEntries: true })]);
  }
  return new Map([...files].map(([file, docs]) => [file, docs.join("---\n")]));
}

test.each(stacks)("%s: every manifest file is byte for byte what yaml's plain stringify writes", (stack) => {
  const result = renders.get(stack)!;
  const files = manifestFiles(result);
  expect(files.size).toBeGreaterThan(1);
  expect(files).toEqual(plainManifests(result));
});

test.each(stacks)("%s: every registration's inputs copy to what structuredClone gives", (stack) => {
  const differing = renders.get(stack)!.resources.filter(({ inputs }) => {
    const json = JSON.stringify(structuredClone(inputs));
    const [copy, frozen] = [copyTree(inputs), frozenCopy(inputs)];
    return copy === inputs || JSON.stringify(copy) !== json || JSON.stringify(frozen) !== json;
  });
  expect(differing.map((r) => r.urn)).toEqual([]);
});

test("a copy shares no object or array with its source, and a frozen copy is frozen all the way down", () => {
  const source = { spec: { containers: [{ env: [{ name: "A", value: "1" }] }] }, n: null, list: [[1]] };
  const copy = copyTree(source);
  copy.spec.containers[0].env[0].value = "2";
  copy.list[0].push(2);
  expect(source).toEqual({ spec: { containers: [{ env: [{ name: "A", value: "1" }] }] }, n: null, list: [[1]] });
  const frozen = frozenCopy(source);
  expect(Object.isFrozen(frozen.spec.containers[0].env[0])).toBe(true);
  expect(Object.isFrozen(frozen.list[0])).toBe(true);
  expect(Object.isFrozen(source.spec)).toBe(false);
});
