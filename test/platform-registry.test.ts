/**
 * The platform service registry: install order, the refusals its relations give, and CONTRIBUTING.md's
 * worked example of adding a service kept in step with it (no render).
 */
import { dirname, resolve } from "node:path";
import { installOrder, SERVICE_KEYS } from "../config/services";
import { parseStackConfig } from "../config/stack";
import { INSTALLERS } from "../components/platform/installers";
import { eksCluster } from "./support/aws";
import { fencedBlockAfter } from "./support/docs";

test("every service installs once, after the services whose handles it takes", () => {
  const order = installOrder();
  expect([...order].sort()).toEqual([...SERVICE_KEYS].sort());
  const before = (a: string, b: string) => order.indexOf(a as never) < order.indexOf(b as never);
  // Read in the installers (components/platform/installers.ts): the router's Service waits for the AWS
  // Load Balancer Controller's webhook and its PodMonitor for the monitoring CRDs; cert-manager and
  // external-dns need the router's Gateway API CRDs; Rollouts gets Prometheus' address.
  expect([
    before("loadBalancerController", "router"),
    before("monitoring", "router"),
    before("router", "certManager"),
    before("router", "externalDns"),
    before("monitoring", "rollouts"),
  ]).toEqual([true, true, true, true, true]);
});

test("a service without one it requires, or beside one it conflicts with, is refused by key", () => {
  const result = parseStackConfig({
    environment: "dev",
    cluster: eksCluster(),
    platform: {
      router: { enabled: false },
      certManager: { enabled: true },
      karpenter: { enabled: true },
      clusterAutoscaler: { enabled: true },
    },
  });
  const problems = result.ok ? [] : result.problems;
  const messages = problems.map((p) => `${p.key}: ${p.message}`).filter((m) => m.includes(".enabled: "));
  expect(messages.slice(0, 2)).toEqual([
    "slipway:platform.clusterAutoscaler.enabled: conflicts with slipway:platform.karpenter.enabled: run one node autoscaler, not both",
    "slipway:platform.certManager.enabled: serves the shared Gateway, but slipway:platform.router.enabled is false",
  ]);
});

describe("CONTRIBUTING.md's worked example (a new service, reloader)", () => {
  const block = (after: string) => fencedBlockAfter("CONTRIBUTING.md", after).join("\n");

  test("each half imports only what the project's modules export, from where its file would be", () => {
    const halves = [
      { file: "config/services/reloader.ts", code: block("**1. The config half**") },
      { file: "components/platform/services/reloader.ts", code: block("**2. The install half**") },
    ];
    let checked = 0;
    for (const { file, code } of halves)
      for (const [, names, from] of code.matchAll(/^import \{([^}]*)\} from "(\.[^"]+)";/gms)) {
        // oxlint-disable-next-line typescript/no-require-imports -- the module the example names, by its path
        const exported = Object.keys(require(resolve(dirname(file), from)) as object);
        for (const name of names.split(",").map((n) => n.trim())) {
          if (name === "" || name.startsWith("type ")) continue;
          expect([file, from, name, exported.includes(name)]).toEqual([file, from, name, true]);
          checked += 1;
        }
      }
    expect(checked).toBeGreaterThanOrEqual(10);
  });

  test("its installer entry names every field an installer has", () => {
    const fields = block("**3. Two registry lines.**")
      .split("\n")
      .flatMap((line) => /^ {4}(\w+):/.exec(line)?.[1] ?? []);
    for (const [key, installer] of Object.entries(INSTALLERS))
      expect([key, Object.keys(installer).sort()]).toEqual([key, [...fields].sort()]);
  });
});
