/** The render's schema check catches what the API server would reject, and never passes silently. */
import { validateObject } from "../tools/harness/k8s-schema";

const deployment = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "web" },
  spec: {
    selector: { matchLabels: { app: "web" } },
    template: {
      metadata: { labels: { app: "web" } },
      spec: { containers: [{ name: "web", image: "ghcr.io/acme/web:1.0.0" }] },
    },
  },
};

describe("Kubernetes schema validation", () => {
  test("a valid Deployment passes", () => {
    expect(validateObject(deployment)).toEqual([]);
  });

  test("annotations past 256 KiB and an object past what etcd stores are refused, whatever the schema says", () => {
    const annotated = { ...deployment, metadata: { ...deployment.metadata, annotations: { a: "x".repeat(262_144) } } };
    expect(validateObject(annotated)).toEqual([
      "/metadata/annotations: 262145 bytes; the API server takes at most 262144 in total",
    ]);
    const configMap = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "big" },
      data: { A: "x".repeat(1_600_000) },
    };
    expect(validateObject(configMap)).toEqual([
      expect.stringMatching(/^\/: the object is 16000\d\d bytes as JSON; etcd stores at most 1572864 per object$/),
    ]);
  });

  test("a wrongly typed field is reported with its path", () => {
    const bad = { ...deployment, spec: { ...deployment.spec, replicas: "three" } };
    expect(validateObject(bad)).toEqual([expect.stringContaining("/spec/replicas")]);
  });

  test("a missing required field is reported", () => {
    const { selector: _selector, ...spec } = deployment.spec;
    expect(validateObject({ ...deployment, spec }).join("\n")).toMatch(/selector/);
  });

  test("a bad quantity is reported", () => {
    const container = { name: "web", image: "x:1", resources: { requests: { cpu: "lots" } } };
    const bad = {
      ...deployment,
      spec: { ...deployment.spec, template: { ...deployment.spec.template, spec: { containers: [container] } } },
    };
    expect(validateObject(bad).join("\n")).toMatch(/resources\/requests\/cpu/);
  });

  test("an invalid object name is reported", () => {
    expect(validateObject({ ...deployment, metadata: { name: "Web_App" } })).toEqual([
      expect.stringContaining("metadata.name"),
    ]);
  });

  test("custom resources are checked against their CRD schema", () => {
    const route = {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "HTTPRoute",
      metadata: { name: "web" },
      spec: { hostnames: "www.example.com" },
    };
    expect(validateObject(route).join("\n")).toMatch(/hostnames/);
  });

  test("a kind without any schema is an error, not a pass", () => {
    const unknown = { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } };
    expect(validateObject(unknown)).toEqual([expect.stringContaining("no schema for example.com/v1 Widget")]);
  });
});
