/**
 * The harness answers the SDK's registrations itself (tools/harness/mock-monitor.ts) where the SDK's
 * MockMonitor would build a protobuf Struct for every response. Each committed single-layer stack is
 * run again under the SDK's MockMonitor: the registrations, the stack's outputs and the verdicts must
 * be the same, and every state the monitor answered with must come back from the harness's
 * conversion exactly as from google-protobuf's own Struct round trip (values and key order).
 */
import * as pulumi from "@pulumi/pulumi";
import type { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { createRequire } from "node:module";
import { stackNames } from "../../tools/ci/stacks";
import { structRoundTrip } from "../../tools/harness/mock-monitor";
import { renderStack, type RenderResult } from "../../tools/harness/render-stack";
import { readStackFile } from "../../tools/harness/stack-file";
import { stackLayer } from "../support/committed-stack";
import { committedRender } from "../support/stack";

/** The google-protobuf Struct the SDK itself builds its messages with. */
const { Struct } = createRequire(require.resolve("@pulumi/pulumi"))("google-protobuf/google/protobuf/struct_pb") as {
  Struct: { new (): object; fromJavaScript(value: object): { toJavaScript(): unknown } };
};

const stacks = stackNames().filter((stack) => stackLayer(stack) === "single");
const runs = new Map<string, { harness: RenderResult; sdk: RenderResult; states: unknown[] }>();

beforeAll(async () => {
  for (const stack of stacks) {
    const harness = await committedRender(stack);
    const sdk = await renderStack({ ...readStackFile(`Pulumi.${stack}.yaml`, stack), mockMonitor: "sdk" });
    const monitor = pulumi.runtime.getMonitor() as unknown as MockMonitor;
    // A component's entry is replaced by its registerResourceOutputs request's Struct (mocks.js); the rest are answers.
    const states = [...monitor.resources.values()].map((r) => r.state as unknown).filter((s) => !(s instanceof Struct));
    runs.set(stack, { harness, sdk, states });
  }
});

test.each(stacks)("%s: the same registrations, outputs and verdicts as under the SDK's MockMonitor", (stack) => {
  const { harness, sdk } = runs.get(stack)!;
  expect(harness.resources.length).toBeGreaterThan(10);
  expect(JSON.stringify(harness.resources)).toBe(JSON.stringify(sdk.resources));
  expect(JSON.stringify(harness.stackOutputs)).toBe(JSON.stringify(sdk.stackOutputs));
  expect(JSON.stringify(harness.outputs)).toBe(JSON.stringify(sdk.outputs));
  expect(harness.verdicts).toEqual(sdk.verdicts);
});

test.each(stacks)("%s: every answered state converts as google-protobuf's Struct round trip does", (stack) => {
  const { states } = runs.get(stack)!;
  const differing = states.filter(
    (state) =>
      JSON.stringify(structRoundTrip(state)) !== JSON.stringify(Struct.fromJavaScript(state as object).toJavaScript()),
  );
  expect(states.length).toBeGreaterThan(10);
  expect(differing).toEqual([]);
});

test("mock-monitor.ts was written against @pulumi/pulumi 3.248.0 and the google-protobuf it resolves, 3.21.4", () => {
  // On a bump, re-read runtime/mocks.js registerResource and struct_pb.js, then update both here.
  const sdkRequire = createRequire(require.resolve("@pulumi/pulumi"));
  expect((sdkRequire("./package.json") as { version: string }).version).toBe("3.248.0");
  expect((sdkRequire("google-protobuf/package.json") as { version: string }).version).toBe("3.21.4");
});

test("keys come back sorted at every level, and what a Struct cannot hold is refused as it refuses it", () => {
  const state = { b: 1, a: { d: [{ z: true, y: null }], c: "x" }, "10": 2, "9": 3 };
  const expected = JSON.stringify(Struct.fromJavaScript(state).toJavaScript());
  expect(JSON.stringify(structRoundTrip(state))).toBe(expected);
  expect(JSON.stringify(structRoundTrip(state))).not.toBe(JSON.stringify(state));
  const unsupported = { a: undefined } as unknown as Record<string, never>;
  expect(() => Struct.fromJavaScript(unsupported)).toThrow("Unexpected struct type.");
  expect(() => structRoundTrip(unsupported)).toThrow("Unexpected struct type.");
});
