import {
  check,
  deployment,
  deploymentInputs,
  deploymentWith,
  goodContainer,
  K,
  podSpec,
  resource,
} from "./support/policy";

const messages = async (policy: string, ...args: Parameters<typeof check>[1]) =>
  (await check(policy, args)).map((v) => v.message);

describe("k8s-image-pinned", () => {
  test.each([
    "ghcr.io/acme/web:1.0.0",
    "ghcr.io/acme/web@sha256:" + "a".repeat(64),
    "registry:5000/web:2.1",
    "web:latest@sha256:" + "b".repeat(64),
  ])("passes for %s", async (image) => {
    expect(
      await messages(
        "k8s-image-pinned",
        deploymentWith((c) => (c.image = image)),
      ),
    ).toEqual([]);
  });

  test.each([
    ["ghcr.io/acme/web:latest", "uses the moving tag :latest"],
    ["ghcr.io/acme/web", "has no tag (it means :latest)"],
    ["registry:5000/web", "has no tag (it means :latest)"],
  ])("fails for %s", async (image, reason) => {
    expect(
      await messages(
        "k8s-image-pinned",
        deploymentWith((c) => (c.image = image)),
      ),
    ).toEqual([`Deployment shop/web: container "web": image ${image} ${reason}`]);
  });
});

describe("k8s-resources-set", () => {
  test("passes with CPU and memory requests and limits", async () => {
    expect(await messages("k8s-resources-set", deployment())).toEqual([]);
  });

  test("fails naming each missing request or limit", async () => {
    const bad = deploymentWith((c) => (c.resources = { requests: { memory: "64Mi" } }));
    expect(await messages("k8s-resources-set", bad)).toEqual([
      'Deployment shop/web: container "web": missing requests.cpu, limits.cpu, limits.memory',
    ]);
  });
});

describe("k8s-probes-on-serving-containers", () => {
  test("passes for a serving container with both probes, and for a worker without ports or probes", async () => {
    const worker = deploymentWith((c) => {
      delete c.ports;
      delete c.readinessProbe;
      delete c.livenessProbe;
    });
    expect(await messages("k8s-probes-on-serving-containers", deployment(), worker)).toEqual([]);
  });

  test("fails for a serving container without probes", async () => {
    const bad = deploymentWith((c) => {
      delete c.readinessProbe;
      delete c.livenessProbe;
    });
    expect(await messages("k8s-probes-on-serving-containers", bad)).toEqual([
      'Deployment shop/web: container "web": serves traffic without a readinessProbe',
      'Deployment shop/web: container "web": serves traffic without a livenessProbe',
    ]);
  });
});

function rollout(name: string, strategy: Record<string, unknown>) {
  return resource(K.rollout, name, {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Rollout",
    metadata: { name, namespace: "shop" },
    spec: { replicas: 2, strategy, template: { metadata: { labels: { app: name } }, spec: podSpec() } },
  });
}

describe("k8s-zero-downtime-rollout", () => {
  test("passes for a rolling update with maxUnavailable 0, a canary with maxUnavailable 0 and a blue/green", async () => {
    const canary = rollout("canary", { canary: { maxUnavailable: 0, steps: [{ setWeight: 10 }] } });
    const blueGreen = rollout("blue-green", { blueGreen: { activeService: "web", previewService: "web-preview" } });
    expect(await messages("k8s-zero-downtime-rollout", deployment(), canary, blueGreen)).toEqual([]);
  });

  test("fails when maxUnavailable is left at the Kubernetes default", async () => {
    const inputs = deploymentInputs();
    inputs.spec.strategy = { type: "RollingUpdate" };
    expect(await messages("k8s-zero-downtime-rollout", resource(K.deployment, "web", inputs))).toEqual([
      "Deployment shop/web: rollingUpdate.maxUnavailable is not 0 (Kubernetes defaults to 25%)",
    ]);
  });

  test("fails for Recreate and for a serving container without a readiness probe", async () => {
    const inputs = deploymentInputs("web", podSpec({ ...goodContainer(), readinessProbe: undefined }));
    inputs.spec.strategy = { type: "Recreate" };
    expect(await messages("k8s-zero-downtime-rollout", resource(K.deployment, "web", inputs))).toEqual([
      "Deployment shop/web: uses the Recreate strategy, which stops every pod before starting new ones",
      'Deployment shop/web: container "web" gets traffic before it is ready (no readinessProbe)',
    ]);
  });

  test("fails for a canary Rollout that may take pods away, and for a Rollout with no strategy", async () => {
    expect(
      await messages("k8s-zero-downtime-rollout", rollout("canary", { canary: { steps: [] } }), rollout("none", {})),
    ).toEqual([
      "Rollout shop/canary: canary maxUnavailable is not 0 (Argo Rollouts defaults to 25%)",
      "Rollout shop/none: has neither a canary nor a blueGreen strategy",
    ]);
  });
});

describe("k8s-no-credentials-in-config", () => {
  const configMap = (data: Record<string, string>) =>
    resource(K.configMap, "web-config", {
      kind: "ConfigMap",
      metadata: { name: "web-config-1", namespace: "shop" },
      data,
    });

  test("passes for ordinary config and for env values taken from Secrets", async () => {
    const fromSecret = deploymentWith(
      (c) => (c.env = [{ name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "db", key: "password" } } }]),
    );
    expect(
      await messages(
        "k8s-no-credentials-in-config",
        configMap({ LOG_LEVEL: "info", CACHE_TTL_SECONDS: "60" }),
        fromSecret,
      ),
    ).toEqual([]);
  });

  test("fails for credential-looking ConfigMap keys", async () => {
    expect(
      await messages(
        "k8s-no-credentials-in-config",
        configMap({ DB_PASSWORD: "hunter2", STRIPE_API_KEY: "sk", GITHUB_TOKEN: "t" }),
      ),
    ).toEqual([
      "ConfigMap shop/web-config-1: key DB_PASSWORD looks like a credential",
      "ConfigMap shop/web-config-1: key STRIPE_API_KEY looks like a credential",
      "ConfigMap shop/web-config-1: key GITHUB_TOKEN looks like a credential",
    ]);
  });

  test("fails for a literal env value with a credential-looking name, without printing the value", async () => {
    const bad = deploymentWith((c) => (c.env = [{ name: "CLIENT_SECRET", value: "s3cr3t-value" }]));
    const verdicts = await messages("k8s-no-credentials-in-config", bad);
    expect(verdicts).toEqual([
      'Deployment shop/web: container "web": env CLIENT_SECRET has a literal value; it looks like a credential',
    ]);
    expect(verdicts.join()).not.toContain("s3cr3t-value");
  });
});
