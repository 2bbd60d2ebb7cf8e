/**
 * Custom resources the API server would refuse are refused by the render's check, each for a rule
 * the pinned CRD really carries (its structural schema or an `x-kubernetes-validations` CEL rule),
 * with the field path and the rule's own message; each starts from an object the check admits, so a
 * refusal is the rule's doing.
 */
import { validateObject } from "../tools/harness/k8s-schema";

type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string }; spec: any };
const changed = (base: Obj, edit: (spec: any) => void): Obj => {
  const copy = structuredClone(base);
  edit(copy.spec);
  return copy;
};

const nodePool: Obj = {
  apiVersion: "karpenter.sh/v1",
  kind: "NodePool",
  metadata: { name: "default" },
  spec: {
    template: {
      spec: {
        nodeClassRef: { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: "default" },
        requirements: [{ key: "karpenter.sh/capacity-type", operator: "In", values: ["spot", "on-demand"] }],
      },
    },
  },
};

const nodeClass: Obj = {
  apiVersion: "karpenter.k8s.aws/v1",
  kind: "EC2NodeClass",
  metadata: { name: "default" },
  spec: {
    role: "slipway-node",
    amiSelectorTerms: [{ alias: "al2023@v20250101" }],
    subnetSelectorTerms: [{ tags: { "karpenter.sh/discovery": "slipway" } }],
    securityGroupSelectorTerms: [{ tags: { "karpenter.sh/discovery": "slipway" } }],
  },
};

const gateway: Obj = {
  apiVersion: "gateway.networking.k8s.io/v1",
  kind: "Gateway",
  metadata: { name: "slipway", namespace: "slipway-router" },
  spec: { gatewayClassName: "traefik", listeners: [{ name: "http", port: 8000, protocol: "HTTP" }] },
};

const route: Obj = {
  apiVersion: "gateway.networking.k8s.io/v1",
  kind: "HTTPRoute",
  metadata: { name: "web", namespace: "web" },
  spec: {
    parentRefs: [{ name: "slipway", namespace: "slipway-router" }],
    hostnames: ["www.example.com"],
    rules: [{ matches: [{ path: { type: "PathPrefix", value: "/" } }], backendRefs: [{ name: "web", port: 80 }] }],
  },
};

const rollout: Obj = {
  apiVersion: "argoproj.io/v1alpha1",
  kind: "Rollout",
  metadata: { name: "web", namespace: "web" },
  spec: {
    selector: { matchLabels: { app: "web" } },
    workloadRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" },
    strategy: { canary: { steps: [{ setWeight: 20 }, { pause: { duration: "1m" } }] } },
  },
};

const certificate: Obj = {
  apiVersion: "cert-manager.io/v1",
  kind: "Certificate",
  metadata: { name: "web", namespace: "web" },
  spec: {
    secretName: "web-tls",
    dnsNames: ["www.example.com"],
    issuerRef: { kind: "ClusterIssuer", name: "letsencrypt" },
  },
};

test("the starting objects are admitted", () => {
  for (const object of [nodePool, nodeClass, gateway, route, rollout, certificate])
    expect(validateObject(object)).toEqual([]);
});

describe("Karpenter 1.8.1", () => {
  const requirement = (r: object) => changed(nodePool, (spec) => spec.template.spec.requirements.push(r));

  test("a NodePool requirement on a restricted label or domain is refused with the rule's message", () => {
    // Two of the key's rules refuse it: its domain, and the label itself.
    expect(validateObject(requirement({ key: "kubernetes.io/hostname", operator: "Exists" })).sort()).toEqual([
      'spec.template.spec.requirements[1].key: Invalid value: "string": label "kubernetes.io/hostname" is restricted',
      'spec.template.spec.requirements[1].key: Invalid value: "string": label domain "kubernetes.io" is restricted',
    ]);
    // A rule using the Kubernetes regex library's find().
    expect(validateObject(requirement({ key: "karpenter.sh/anything", operator: "Exists" }))).toEqual([
      'spec.template.spec.requirements[1].key: Invalid value: "string": label domain "karpenter.sh" is restricted',
    ]);
  });

  test("an 'In' requirement without values is refused", () => {
    expect(validateObject(requirement({ key: "topology.kubernetes.io/zone", operator: "In", values: [] }))).toEqual([
      "spec.template.spec.requirements: Invalid value: \"array\": requirements with operator 'In' must have a value defined",
    ]);
  });

  test("an EC2NodeClass whose amiFamily contradicts its alias, or a Windows alias not 'latest', is refused", () => {
    expect(validateObject(changed(nodeClass, (spec) => (spec.amiFamily = "Bottlerocket")))).toEqual([
      "spec: Invalid value: \"object\": if set, amiFamily must be 'AL2023' or 'Custom' when using an AL2023 alias",
    ]);
    expect(
      validateObject(changed(nodeClass, (spec) => (spec.amiSelectorTerms = [{ alias: "windows2022@v1" }]))),
    ).toEqual([
      "spec.amiSelectorTerms[0].alias: Invalid value: \"string\": windows families may only specify version 'latest'",
    ]);
  });
});

describe("Gateway API v1.4.0", () => {
  test("an HTTPRoute with more than 16 hostnames is refused", () => {
    const many = Array.from({ length: 17 }, (_, i) => `app-${i}.example.com`);
    expect(validateObject(changed(route, (spec) => (spec.hostnames = many)))).toEqual([
      "spec.hostnames: Too many: 17: must have at most 16 items",
    ]);
  });

  test("a path match that is not absolute, or a backend timeout longer than the request's, is refused by CEL", () => {
    expect(validateObject(changed(route, (spec) => (spec.rules[0].matches[0].path.value = "web")))).toEqual([
      "spec.rules[0].matches[0].path: Invalid value: \"object\": value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']",
    ]);
    const timeouts = changed(route, (spec) => (spec.rules[0].timeouts = { request: "10s", backendRequest: "30s" }));
    expect(validateObject(timeouts)).toEqual([
      'spec.rules[0].timeouts: Invalid value: "object": backendRequest timeout cannot be longer than request timeout',
    ]);
  });

  test("rules see defaults: a rule without matches is a PathPrefix '/' match, so a prefix rewrite is allowed", () => {
    const rewrite = {
      type: "URLRewrite",
      urlRewrite: { path: { type: "ReplacePrefixMatch", replacePrefixMatch: "/v2" } },
    };
    expect(
      validateObject(
        changed(route, (spec) => (spec.rules = [{ filters: [rewrite], backendRefs: [{ name: "web", port: 80 }] }])),
      ),
    ).toEqual([]);
    const exact = [{ path: { type: "Exact", value: "/a" } }];
    expect(
      validateObject(
        changed(
          route,
          (spec) => (spec.rules = [{ matches: exact, filters: [rewrite], backendRefs: [{ name: "web", port: 80 }] }]),
        ),
      ),
    ).toEqual([
      'spec.rules[0]: Invalid value: "object": When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified',
    ]);
  });

  test("a Gateway with two listeners of one name, or TLS on an HTTP listener, is refused", () => {
    const twice = changed(gateway, (spec) =>
      spec.listeners.push({ name: "http", port: 8443, protocol: "HTTPS", tls: { certificateRefs: [{ name: "c" }] } }),
    );
    expect(validateObject(twice)).toEqual([
      'spec.listeners[1]: Duplicate value: {name: "http"}',
      'spec.listeners: Invalid value: "array": Listener name must be unique within the Gateway',
    ]);
    const tls = changed(gateway, (spec) => (spec.listeners[0].tls = { certificateRefs: [{ name: "c" }] }));
    expect(validateObject(tls)).toEqual([
      "spec.listeners: Invalid value: \"array\": tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']",
    ]);
  });
});

describe("Argo Rollouts v1.9.0 and cert-manager v1.19.3", () => {
  test("a canary step the CRD does not declare (a misspelt key) or of the wrong type is refused", () => {
    expect(validateObject(changed(rollout, (spec) => (spec.strategy.canary.steps[0] = { setWieght: 20 })))).toEqual([
      "spec.strategy.canary.steps[0].setWieght: field not declared in schema",
    ]);
    expect(validateObject(changed(rollout, (spec) => (spec.strategy.canary.steps[1].pause.duration = true)))).toEqual([
      "spec.strategy.canary.steps[1].pause.duration: Invalid value: true: must be an integer or a string",
    ]);
  });

  test("a Certificate without its secret, or with an unknown field, is refused", () => {
    expect(validateObject(changed(certificate, (spec) => delete spec.secretName))).toEqual([
      "spec.secretName: Required value",
    ]);
    expect(validateObject(changed(certificate, (spec) => (spec.dnsName = "www.example.com")))).toEqual([
      "spec.dnsName: field not declared in schema",
    ]);
  });
});
