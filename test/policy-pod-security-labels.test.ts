import { check, resource } from "./support/policy";

const NS = "kubernetes:core/v1:Namespace";

function labels(enforce: string, version = "v1.33", extra: Record<string, string> = {}) {
  const p = "pod-security.kubernetes.io";
  return {
    [`${p}/enforce`]: enforce,
    [`${p}/enforce-version`]: version,
    [`${p}/audit`]: "restricted",
    [`${p}/audit-version`]: version,
    [`${p}/warn`]: "restricted",
    [`${p}/warn-version`]: version,
    ...extra,
  };
}

const namespace = (name: string, nsLabels: Record<string, string>) =>
  resource(NS, name, { apiVersion: "v1", kind: "Namespace", metadata: { name, labels: nsLabels } });

const messages = async (name: string, nsLabels: Record<string, string>) =>
  (await check("k8s-namespace-pod-security", [namespace(name, nsLabels)])).map((v) => v.message);

describe("k8s-namespace-pod-security", () => {
  test("passes a restricted namespace with pinned versions, and the logging namespace the table exempts", async () => {
    expect(await messages("shop", labels("restricted"))).toEqual([]);
    expect(await messages("slipway-logging", labels("privileged"))).toEqual([]);
  });

  test("fails a namespace with no labels at all: each mode and version named", async () => {
    expect(await messages("shop", {})).toHaveLength(6);
  });

  test("fails a privileged namespace the table does not name", async () => {
    expect(await messages("slipway-router", labels("privileged"))).toEqual([
      "Namespace slipway-router: pod-security.kubernetes.io/enforce is privileged, expected restricted",
    ]);
  });

  test("a tenant namespace is restricted even when it has the name of an exempt platform namespace", async () => {
    expect(await messages("slipway-logging", labels("privileged", "v1.33", { "slipway.dev/tenant": "shop" }))).toEqual([
      "Namespace slipway-logging: pod-security.kubernetes.io/enforce is privileged, expected restricted",
    ]);
  });

  test("fails a version that is no Kubernetes minor; latest (a kubeconfig cluster of unknown version) passes", async () => {
    expect(await messages("shop", labels("restricted", "1.33"))).toHaveLength(3);
    expect(await messages("shop", labels("restricted", "latest"))).toEqual([]);
  });
});
