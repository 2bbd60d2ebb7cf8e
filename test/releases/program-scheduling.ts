/**
 * The program declares one app at a time and lets its registrations go out before the next: that is
 * what keeps a stack of hundreds of apps fast and lean (docs/performance.md).
 */
import { runProgram } from "../../tools/harness/run-program";
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
