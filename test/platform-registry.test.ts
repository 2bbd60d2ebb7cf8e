/** The platform service registry: install order and the refusals its relations give (no render: config only). */
import { installOrder, SERVICE_KEYS } from "../config/services";
import { parseStackConfig } from "../config/stack";
import { eksCluster } from "./support/aws";

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
