/** Which changes the preview-style diff calls an update or a replace, and why, on hand-made records. */
import { describePreview, previewDiff } from "../tools/harness/preview-diff";
import type { ResourceRecord } from "../tools/harness/render-files";
import kubernetesPackage from "@pulumi/kubernetes/package.json";

function record(type: string, inputs: Record<string, unknown>, ignoreChanges?: string[]): ResourceRecord {
  return {
    urn: `urn:pulumi:test::slipway::${type}::x`,
    type,
    name: "x",
    inputs,
    ...(ignoreChanges && { ignoreChanges }),
  };
}
const meta = { name: "x", namespace: "web" };
const deployment = (selector: object, image: string) =>
  record("kubernetes:apps/v1:Deployment", {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: meta,
    spec: { selector: { matchLabels: selector }, template: { spec: { containers: [{ name: "web", image }] } } },
  });
const job = (command: string[]) =>
  record("kubernetes:batch/v1:Job", {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: meta,
    spec: { template: { spec: { containers: [{ name: "check", command }] } } },
  });
const service = (clusterIP: string, port: number) =>
  record("kubernetes:core/v1:Service", {
    apiVersion: "v1",
    kind: "Service",
    metadata: meta,
    spec: { clusterIP, ports: [{ port }] },
  });
const configMap = (name: string, data: object, ignoreChanges?: string[]) =>
  record(
    "kubernetes:core/v1:ConfigMap",
    { apiVersion: "v1", kind: "ConfigMap", metadata: { ...meta, name }, immutable: true, data },
    ignoreChanges,
  );

const sameNameReason = "same name: the old object is deleted before the new one is created";

test("a Deployment's image updates in place; its selector forces a replace", () => {
  const [image] = previewDiff([deployment({ app: "web" }, "a")], [deployment({ app: "web" }, "b")]);
  expect(image).toMatchObject({ op: "update", reasons: [] });
  expect(image.changes).toEqual([{ path: "spec.template.spec.containers[0].image", old: "a", new: "b" }]);

  const [selector] = previewDiff([deployment({ app: "web" }, "a")], [deployment({ app: "web2" }, "a")]);
  expect(selector.op).toBe("replace");
  expect(selector.reasons).toEqual([
    "spec.selector cannot change in place for a Deployment (pulumi-kubernetes forceNewProperties)",
    sameNameReason,
  ]);
});

test("a Job's pod template cannot change in place", () => {
  const [step] = previewDiff([job(["a"])], [job(["b"])]);
  expect(step.op).toBe("replace");
  expect(step.changes).toEqual([{ path: "spec.template.spec.containers[0].command[0]", old: "a", new: "b" }]);
  expect(step.reasons[0]).toBe("spec.template cannot change in place for a Job (pulumi-kubernetes forceNewProperties)");
});

test("a Service's clusterIP forces a replace, its ports do not", () => {
  expect(previewDiff([service("10.0.0.1", 80)], [service("10.0.0.2", 80)])[0].op).toBe("replace");
  expect(previewDiff([service("10.0.0.1", 80)], [service("10.0.0.1", 8080)])[0].op).toBe("update");
});

test("a new name under the same resource is a new object: create the new one, then delete the old", () => {
  const [step] = previewDiff([configMap("web-config-1", { A: "1" })], [configMap("web-config-2", { A: "2" })]);
  expect(step.op).toBe("replace");
  // Reasons follow the changed paths' order: data before metadata.
  expect(step.reasons).toEqual([
    "data cannot change in place for a ConfigMap (pulumi-kubernetes forceNewProperties)",
    "metadata.name changed: a new name is a new object (create the new one, then delete the old)",
  ]);
});

test("ignoreChanges paths are not changes, as the engine keeps the old values there", () => {
  const kept = previewDiff([configMap("c", { A: "1" })], [configMap("c", {}, ["data"])]);
  expect(kept).toEqual([]);
});

test("creates, deletes and secrets in the printed form, in URN order", () => {
  const secret = (value: string) => record("kubernetes:core/v1:ConfigMap", { data: { TOKEN: value } });
  const previous = [secret("plain"), { ...deployment({}, "a"), urn: "urn:pulumi:test::slipway::t::gone" }];
  const current = [secret("[secret]"), { ...deployment({}, "a"), urn: "urn:pulumi:test::slipway::t::new" }];
  expect(describePreview(previewDiff(previous, current)).split("\n")).toEqual([
    "Since the previous render: 1 to create, 1 to update, 0 to replace, 1 to delete",
    "  ~ update  kubernetes:core/v1:ConfigMap x",
    '      ~ data.TOKEN: "plain" => [secret]',
    "  - delete  kubernetes:apps/v1:Deployment gone",
    "  + create  kubernetes:apps/v1:Deployment new",
  ]);
});

test("a digest the mock engine invented is labelled in the printed diff; one an upstream source states is not", () => {
  // Traefik 3.6.0's digest as components/platform/services/router.ts cites it; the mock engine's begin with 16 zeros.
  const cited = "docker.io/traefik@sha256:18112aed2bfe3dfb8534f1045622390c3316596cff0cefab64f44e43d23e1640";
  const invented = `docker.io/traefik@sha256:${"0".repeat(16)}${"ab".repeat(24)}`;
  const printed = describePreview(previewDiff([deployment({ app: "x" }, cited)], [deployment({ app: "x" }, invented)]));
  expect(printed).toContain(`: "${cited}" => "${invented}" (mock digest)`);
  // The bare hex a chart's `sha` key takes is labelled too.
  const hex = describePreview(
    previewDiff([deployment({ app: "x" }, "a")], [deployment({ app: "x" }, invented.slice(-64))]),
  );
  expect(hex).toContain(`"${invented.slice(-64)}" (mock digest)`);
});

test("the force-new table belongs to the pinned Kubernetes provider", () => {
  // tools/harness/force-new.ts transcribes pulumi-kubernetes provider/pkg/provider/diff.go; re-read it
  // (and update this pin) when @pulumi/kubernetes moves.
  expect(kubernetesPackage.version).toBe("4.34.2");
});

test("changed paths come out in path order, array indexes numerically, and a key named like an Object member is a key", () => {
  const args = (last: string) => Array.from({ length: 12 }, (_, i) => (i === 2 || i === 10 ? last : `a${i}`));
  const before = record("aws:s3/bucket:Bucket", { list: args("old"), tags: { constructor: "team-a", zeta: "1" } });
  const after = record("aws:s3/bucket:Bucket", { list: args("new"), tags: { zeta: "2" } });
  const [step] = previewDiff([before], [after]);
  expect(step.changes).toEqual([
    { path: "list[2]", old: "old", new: "new" },
    { path: "list[10]", old: "old", new: "new" },
    { path: "tags.constructor", old: "team-a", new: undefined },
    { path: "tags.zeta", old: "1", new: "2" },
  ]);
});

describe("lists the pinned CRD declares as maps pair by their keys", () => {
  // Gateway API v1.4.0 declares spec.listeners `x-kubernetes-list-type: map` keyed by `name`.
  const listener = (name: string, hostname: string) => ({ name, hostname, port: 443, protocol: "HTTPS" });
  const gateway = (listeners: object[]) =>
    record("kubernetes:gateway.networking.k8s.io/v1:Gateway", {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "Gateway",
      metadata: meta,
      spec: { gatewayClassName: "traefik", listeners },
    });

  test("a listener added between two others is one addition, not a rename of its neighbours", () => {
    const shop = listener("shop-https", "shop.example.com");
    const www = listener("www-https", "www.example.com");
    const invoices = listener("invoices-https", "invoices.example.com");
    const [step] = previewDiff([gateway([shop, www])], [gateway([shop, invoices, www])]);
    expect(step.changes).toEqual([{ path: 'spec.listeners["name=invoices-https"]', old: undefined, new: invoices }]);
  });

  test("a changed listener is named by its key", () => {
    const before = listener("shop-https", "shop.example.com");
    const [step] = previewDiff([gateway([before])], [gateway([{ ...before, port: 8443 }])]);
    expect(step.changes).toEqual([{ path: 'spec.listeners["name=shop-https"].port', old: 443, new: 8443 }]);
  });
});
