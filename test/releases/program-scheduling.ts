/**
 * The program declares one app at a time and lets its registrations go out before the next: that is
 * what keeps a stack of hundreds of apps fast and lean (docs/performance.md); and what it keeps of an
 * app once declared does not hold the app's resources.
 */
import { setImmediate } from "node:timers/promises";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import * as pulumi from "@pulumi/pulumi";
import { App } from "../../components/app/app";
import { defineStack } from "../../stacks/program";
import { runProgram, type ProgramRun } from "../../tools/harness/run-program";
import { stackInput, webApp } from "../support/stack";

const APP = "slipway:app:App";

test("every app's resources are registered before the next app is declared", async () => {
  const names = ["alpha", "bravo", "charlie", "delta"];
  const run = await runProgram(
    stackInput({
      environment: "dev",
      apps: Object.fromEntries(names.map((name) => [name, webApp({ env: { MODE: name } })])),
      secrets: Object.fromEntries(names.map((name) => [name, { TOKEN: `token-${name}` }])),
    }),
  );
  const order = run.resources.map((r) => r.urn);
  const declared = (name: string) => order.findIndex((urn) => urn.endsWith(`::${APP}::${name}`));
  // A resource of app N (a child of its App component) never comes after app N+1's App component.
  const childrenOf = (name: string) =>
    run.resources.filter((r) => r.parent?.endsWith(`::${APP}::${name}`)).map((r) => order.indexOf(r.urn));
  for (let i = 1; i < names.length; i++) {
    const previousChildren = childrenOf(names[i - 1]);
    expect(previousChildren.length).toBeGreaterThan(5);
    expect(Math.max(...previousChildren)).toBeLessThan(declared(names[i]));
  }
});

/** A full collection now: the flag exposes `gc` to contexts created after it is set. */
function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}

test("once an app is declared, what the stack keeps of it no longer holds its resources", async () => {
  // The stack exports a few names per app; keeping the App itself kept every resource it declared
  // (and their Outputs) alive to the end of the run: ~100 MB more live heap at 500 apps.
  const apps: Array<WeakRef<App>> = [];
  const seen = new WeakSet<App>();
  const proto = App.prototype as unknown as { registerOutputs?(outputs: unknown): void };
  proto.registerOutputs = function (this: App, outputs: unknown) {
    // The SDK's ComponentResource calls it once more itself.
    if (!seen.has(this)) apps.push(new WeakRef(this));
    seen.add(this);
    pulumi.ComponentResource.prototype["registerOutputs"].call(this, outputs as pulumi.Inputs);
  };
  let run: ProgramRun;
  // The stack's outputs as the program returned them, unresolved: the CLI holds the program's exports
  // to the end of the run (pulumi/pulumi v3.248.0 sdk/nodejs/cmd/run/run.js), and so does this test.
  let exported: Record<string, unknown> = {};
  try {
    run = await runProgram(
      stackInput({
        environment: "dev",
        apps: { alpha: webApp(), bravo: webApp() },
        secrets: { alpha: { TOKEN: "t" } },
      }),
      async () => (exported = await defineStack()),
    );
  } finally {
    delete proto.registerOutputs;
  }
  // A WeakRef keeps its target until the job that made or read it has ended.
  await setImmediate();
  collectGarbage();
  const declared = run!.resources.filter((r) => r.type === APP).map((r) => r.name);
  expect(declared).toEqual(expect.arrayContaining(["alpha", "bravo"]));
  expect(apps).toHaveLength(declared.length);
  expect(apps.filter((app) => app.deref() !== undefined)).toHaveLength(0);
  // The stack's outputs are still held here, each app's among them.
  expect(Object.keys(exported.apps as object).sort()).toEqual(declared.sort());
});
