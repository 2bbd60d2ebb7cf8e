/**
 * The release history's self-reference under what a real engine answers (see stacks/previous-releases.ts):
 * a brand-new stack with no outputs, and the outputs left by a failed update, kept or overwritten.
 * After any of them the next run must adopt every release object already in state under the
 * resource it has there (a second resource for an existing name is a create Kubernetes refuses),
 * and keep the release that was serving before the failure.
 */
import * as pulumi from "@pulumi/pulumi";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { readPreviousReleases } from "../stacks/previous-releases";
import { MOCK_ORGANIZATION } from "../tools/harness/mock-cloud";
import { renderStack, type RenderResult } from "../tools/harness/render-stack";
import type { StackOutputs } from "../tools/harness/run-program";
import { NO_OUTPUTS, outputsAfterFailedUpdate } from "./support/engine-outputs";
import { at, find, ofType, stackInput, T, webApp } from "./support/stack";

function version(level: string, password: string) {
  return {
    environment: "prod",
    apps: {
      shop: webApp({
        domains: ["shop.example.com"],
        env: { LEVEL: level },
        releaseHistory: 2,
        strategy: { type: "canary" },
      }),
    },
    secrets: { shop: { DATABASE_URL: password } },
  };
}
const [C1, C2, C3] = [version("info", "pg://one"), version("debug", "pg://two"), version("warn", "pg://three")];

const run = (config: ReturnType<typeof version>, previous: StackOutputs) =>
  renderStack({ ...stackInput(config), previousOutputs: previous });

/** The app's ConfigMaps and Secrets: `kind namespace/name` → URN. */
function releaseObjects(result: RenderResult): Map<string, string> {
  const app = find(result, T.app, "shop").urn;
  return new Map(
    [...ofType(result, T.configMap), ...ofType(result, T.secret)]
      .filter((r) => r.parent === app)
      .map((r) => [
        `${r.type.split(":").pop()} ${at(r.inputs, "metadata.namespace")}/${at(r.inputs, "metadata.name")}`,
        r.urn,
      ]),
  );
}

/** What state holds after these runs: every object any of them registered (a failed update deletes nothing). */
const state = (...runs: RenderResult[]) => new Map(runs.flatMap((r) => [...releaseObjects(r)]));

/** Objects the next run registers under another resource than the one state has for that name. */
function recreated(inState: Map<string, string>, next: RenderResult): string[] {
  return [...releaseObjects(next)]
    .filter(([name, urn]) => inState.has(name) && inState.get(name) !== urn)
    .map(([n]) => n);
}

const keeps = (next: RenderResult, earlier: RenderResult) =>
  [...releaseObjects(earlier).keys()].every((name) => releaseObjects(next).has(name));

describe("the self-reference's answer", () => {
  const answer = async (state: Record<string, unknown>) => {
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => ({ id: args.name, state: args.type === "pulumi:pulumi:StackReference" ? state : {} }),
        call: () => ({}),
      },
      "slipway",
      "test",
      false,
      MOCK_ORGANIZATION,
    );
    return readPreviousReleases();
  };

  test("a brand-new stack's empty outputs, with or without the secret names, are a first update", async () => {
    await expect(answer({ outputs: {}, secretOutputNames: [] })).resolves.toEqual({ apps: {}, platform: [] });
    await expect(answer({ outputs: {} })).resolves.toEqual({ apps: {}, platform: [] });
    // Without the names, secretness comes from the whole outputs value: `{ secretValue: undefined }`.
    const secret = { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value: {} };
    await expect(answer({ outputs: secret })).resolves.toEqual({ apps: {}, platform: [] });
  });

  test("a platform history of another shape starts again instead of stopping the update", async () => {
    await expect(answer({ outputs: { platformHistory: [{ images: "quay.io/x" }] } })).resolves.toEqual({
      apps: {},
      platform: [],
    });
  });

  test("a previous update's outputs come through, the naming key as a secret", async () => {
    const shop = [{ config: { name: "shop-config-1", resource: "shop-config" } }];
    const platform = [
      {
        images: {
          certManager: { controller: `quay.io/jetstack/cert-manager-controller:v1.19.3@sha256:${"c".repeat(64)}` },
        },
      },
    ];
    const outputs = { releaseHistory: { shop }, releaseNameKey: "k", platformHistory: platform };
    await expect(answer({ outputs, secretOutputNames: ["releaseNameKey"] })).resolves.toEqual({
      nameKey: "k",
      apps: { shop },
      platform,
    });
  });
});

describe("a brand-new stack", () => {
  let first: RenderResult;
  beforeAll(async () => {
    first = await run(C1, NO_OUTPUTS);
  });

  test("registers its first release under the plain names, keeps nothing else, and exports the history", () => {
    const app = find(first, T.app, "shop").urn;
    const names = (type: string) =>
      ofType(first, type)
        .filter((r) => r.parent === app)
        .map((r) => r.name);
    expect([names(T.configMap), names(T.secret)]).toEqual([["shop-config"], ["shop-secrets"]]);
    expect((first.stackOutputs.values.releaseHistory as Record<string, unknown[]>).shop).toHaveLength(1);
    expect(first.stackOutputs.secretNames).toContain("releaseNameKey");
  });

  test("a first update that failed before its exports leaves no outputs: the retry adopts what it created", async () => {
    const retry = await run(C1, outputsAfterFailedUpdate(NO_OUTPUTS));
    expect(recreated(state(first), retry)).toEqual([]);
    expect(releaseObjects(retry)).toEqual(releaseObjects(first));
    expect(recreated(state(first), await run(C2, outputsAfterFailedUpdate(NO_OUTPUTS)))).toEqual([]);
  });

  test("a first update that failed after its exports: the next one adopts and keeps its objects", async () => {
    const after = outputsAfterFailedUpdate(NO_OUTPUTS, first.stackOutputs);
    const retry = await run(C1, after);
    expect(releaseObjects(retry)).toEqual(releaseObjects(first));
    const next = await run(C2, after);
    expect(recreated(state(first), next)).toEqual([]);
    expect(keeps(next, first)).toBe(true);
  });
});

describe("after a failed update", () => {
  let v1: RenderResult;
  let failed: RenderResult;
  beforeAll(async () => {
    v1 = await run(C1, NO_OUTPUTS);
    failed = await run(C2, v1.stackOutputs);
  });

  test.each([
    ["kept: the failed run never registered its exports", false],
    ["overwritten: the failed run got to its exports", true],
  ])(
    "outputs %s; a retry, a fix and a revert adopt what is in state and keep the serving release",
    async (_, exported) => {
      const outputs = outputsAfterFailedUpdate(v1.stackOutputs, exported ? failed.stackOutputs : undefined);
      const inState = state(v1, failed);
      for (const config of [C2, C3, C1]) {
        const next = await run(config, outputs);
        expect(recreated(inState, next)).toEqual([]);
        // The release serving before the failure (an aborted canary leaves it serving) stays registered.
        expect(keeps(next, v1)).toBe(true);
        expect(next.schemaProblems).toEqual([]);
      }
    },
  );
});

describe("the platform's images in the release history (components/platform/platform-history.ts)", () => {
  const history = (result: RenderResult) =>
    result.stackOutputs.values.platformHistory as Array<{ images: Record<string, Record<string, string>> }>;

  test("an update running the same images adds no entry; one running another image adds one, newest first", async () => {
    const first = await run(C1, NO_OUTPUTS);
    expect(history(first)).toEqual([{ images: first.outputs.platformImages }]);
    const same = await run(C2, first.stackOutputs);
    expect(history(same)).toEqual(history(first));
    // The previous update ran another cert-manager controller (a tag its registry has since moved).
    const moved = `quay.io/jetstack/cert-manager-controller:v1.19.3@sha256:${"7".repeat(64)}`;
    const before = {
      ...history(first)[0].images,
      certManager: { ...history(first)[0].images.certManager, controller: moved },
    };
    const next = await run(C2, {
      ...first.stackOutputs,
      values: { ...first.stackOutputs.values, platformHistory: [{ images: before }] },
    });
    expect(history(next)).toEqual([{ images: first.outputs.platformImages }, { images: before }]);
  });

  test("an update that adds nothing exports the same text, though the engine returns the outputs with keys sorted", async () => {
    const first = await run(C1, NO_OUTPUTS);
    // Outputs travel to and from the engine as protobuf Structs (google-protobuf's Map visits keys sorted).
    const values = Struct.fromJavaScript(
      JSON.parse(JSON.stringify(first.stackOutputs.values)) as Parameters<typeof Struct.fromJavaScript>[0],
    ).toJavaScript();
    const same = await run(C1, { ...first.stackOutputs, values });
    expect(JSON.stringify(history(same))).toBe(JSON.stringify(history(first)));
  });
});
