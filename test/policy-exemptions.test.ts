import { CLUSTER_RULES, EXEMPTIONS, podSecurityLevel } from "../policy/policies/lib/exemptions";
import { LOGGING_CHART } from "../components/platform/services/logging";
import { MONITORING_CHART } from "../components/platform/services/monitoring";
import { upstreamChart } from "./support/upstream-chart";
import { check, deploymentInputs, goodContainer, K, resource } from "./support/policy";

const DAEMON_SET = "kubernetes:apps/v1:DaemonSet";

/** A log collector shaped like the fluent-bit chart's: root, reading the node's logs through hostPath. */
function collector(kind = "DaemonSet", namespace = "slipway-logging", name = "fluent-bit") {
  const container = goodContainer();
  delete container.securityContext.runAsNonRoot;
  container.securityContext.runAsUser = 0;
  container.securityContext.readOnlyRootFilesystem = false;
  const type = kind === "DaemonSet" ? DAEMON_SET : "kubernetes:apps/v1:Deployment";
  return resource(type, name, {
    apiVersion: "apps/v1",
    kind,
    metadata: { name, namespace },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [container], volumes: [{ name: "varlog", hostPath: { path: "/var/log" } }] },
      },
    },
  });
}

describe("named exemptions", () => {
  test("the fluent-bit DaemonSet passes the two policies it is exempt from", async () => {
    expect(await check("k8s-no-host-access", [collector()])).toEqual([]);
    expect(await check("k8s-run-as-non-root", [collector()])).toEqual([]);
  });

  test("it is still held to every other policy", async () => {
    expect((await check("k8s-read-only-root-filesystem", [collector()])).map((v) => v.message)).toEqual([
      'DaemonSet slipway-logging/fluent-bit: container "web": readOnlyRootFilesystem is not true',
    ]);
  });

  test("a look-alike in another namespace, of another kind or with another name still fails", async () => {
    const lookAlikes = [
      collector("DaemonSet", "shop"),
      collector("Deployment"),
      collector("DaemonSet", "slipway-logging", "fluent-bit-2"),
    ];
    for (const policy of ["k8s-no-host-access", "k8s-run-as-non-root"]) {
      const failed = new Set((await check(policy, lookAlikes)).map((v) => v.urn));
      expect(failed).toEqual(new Set(lookAlikes.map((r) => r.urn)));
    }
  });

  test("external-dns may run one replica with Recreate; the same Deployment elsewhere may not", async () => {
    const singleWriter = (namespace: string) => {
      const inputs = deploymentInputs("external-dns");
      inputs.metadata.namespace = namespace;
      inputs.spec.replicas = 1;
      inputs.spec.strategy = { type: "Recreate" };
      return resource(K.deployment, `external-dns-${namespace}`, inputs);
    };
    const exempt = singleWriter("slipway-external-dns");
    const lookAlike = singleWriter("shop");
    for (const policy of ["prod-high-availability", "k8s-zero-downtime-rollout"]) {
      const failed = new Set((await check(policy, [exempt, lookAlike])).map((v) => v.urn));
      expect(failed).toEqual(new Set([lookAlike.urn]));
    }
    expect(await check("k8s-resources-set", [exempt])).toEqual([]);
  });

  test("every exemption names a policy in the pack or a rule of the cluster's admission, and gives a reason", async () => {
    const { policies } = await import("../policy/policies");
    const names = new Set([...policies.map((p) => p.name), ...CLUSTER_RULES]);
    for (const e of EXEMPTIONS) {
      expect(names.has(e.policy)).toBe(true);
      expect(e.reason.length).toBeGreaterThan(40);
    }
  });
});

describe("the platform namespaces the table lets enforce less than restricted", () => {
  // Read at the pinned chart versions: a bump that drops the need fails here until the table is read again.
  test("slipway-logging: Fluent Bit's DaemonSet mounts hostPath volumes by default", () => {
    const { defaults } = upstreamChart(LOGGING_CHART.chart, LOGGING_CHART.version);
    const volumes = defaults.daemonSetVolumes as Array<{ hostPath?: { path: string } }>;
    expect(volumes.filter((v) => v.hostPath).length).toBeGreaterThan(0);
    expect(podSecurityLevel("slipway-logging")).toBe("privileged");
  });

  test("slipway-monitoring: the node exporter runs there with the node's network, PID namespace and root filesystem", () => {
    const { defaults } = upstreamChart(MONITORING_CHART.chart, MONITORING_CHART.version);
    const exporter = defaults["prometheus-node-exporter"] as Record<string, any>;
    expect([
      (defaults.nodeExporter as { enabled: boolean }).enabled,
      exporter.namespaceOverride,
      exporter.hostNetwork,
      exporter.hostPID,
      exporter.hostRootFsMount.enabled,
    ]).toEqual([true, "", true, true, true]);
    expect(podSecurityLevel("slipway-monitoring")).toBe("privileged");
  });

  test("every other namespace enforces restricted", () => {
    expect(["slipway-router", "slipway-cert-manager", "slipway-karpenter", "shop"].map(podSecurityLevel)).toEqual([
      "restricted",
      "restricted",
      "restricted",
      "restricted",
    ]);
  });
});
