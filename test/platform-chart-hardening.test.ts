/**
 * The values Slipway passes each chart so its workloads pass the policy pack. No Helm here: the charts
 * stay unexpanded, so this checks the values at the chart paths read in each component's comment.
 */
import { CHARTS } from "../components/platform/charts";
import { CHART_IMAGES } from "../components/platform/image-digests";
import type { RenderResult } from "../tools/harness/render-stack";
import { platformStack, values } from "./support/platform";
import { at, render } from "./support/stack";

const services = {
  karpenter: { enabled: false },
  clusterAutoscaler: { enabled: true },
  externalSecrets: { enabled: true, secretPrefix: "slipway/x/" },
  hostedZones: [{ domain: "example.com", zoneId: "Z0123456789ABC" }],
  externalDns: { enabled: true },
};
let dev: RenderResult;
let prod: RenderResult;

beforeAll(async () => {
  // One at a time: a render owns the mock runtime while it runs.
  dev = await render(platformStack(services, "dev"), "dev");
  prod = await render(platformStack(services, "prod"), "prod");
});

/** Every container's resources: requests and limits for CPU and memory. */
const RESOURCES: Record<string, string[]> = {
  traefik: ["resources"],
  "cert-manager": ["resources", "webhook.resources", "cainjector.resources", "startupapicheck.resources"],
  "external-dns": ["resources"],
  "metrics-server": ["resources"],
  "kube-prometheus-stack": [
    "prometheusOperator.resources",
    "prometheusOperator.prometheusConfigReloader.resources",
    "prometheus.prometheusSpec.resources",
    "alertmanager.alertmanagerSpec.resources",
    "grafana.resources",
    "grafana.sidecar.resources",
    "kube-state-metrics.resources",
    "prometheus-node-exporter.resources",
  ],
  "fluent-bit": ["resources"],
  "argo-rollouts": ["controller.resources"],
  "cluster-autoscaler": ["resources"],
  "external-secrets": ["resources", "webhook.resources", "certController.resources"],
  "aws-load-balancer-controller": ["resources"],
};

/** Container contexts: non-root, no escalation, no capabilities, read-only root. */
const CONTAINER_CONTEXTS: Record<string, string[]> = {
  traefik: ["securityContext"],
  "cert-manager": [
    "containerSecurityContext",
    "webhook.containerSecurityContext",
    "cainjector.containerSecurityContext",
    "startupapicheck.containerSecurityContext",
  ],
  "external-dns": ["securityContext"],
  "metrics-server": ["securityContext"],
  "argo-rollouts": ["containerSecurityContext"],
  "cluster-autoscaler": ["containerSecurityContext"],
  "external-secrets": ["securityContext", "webhook.securityContext", "certController.securityContext"],
  "aws-load-balancer-controller": ["securityContext"],
};

/** Pod contexts that make the kubelet refuse root. */
const POD_CONTEXTS: Record<string, string[]> = {
  traefik: ["podSecurityContext"],
  "cert-manager": ["securityContext", "webhook.securityContext", "cainjector.securityContext"],
  "external-dns": ["podSecurityContext"],
  "metrics-server": ["podSecurityContext"],
  "argo-rollouts": ["podSecurityContext"],
  "cluster-autoscaler": ["securityContext"],
  "aws-load-balancer-controller": ["podSecurityContext"],
};

/** Deployments whose chart takes a strategy: add before removing. */
const STRATEGIES: Record<string, string[]> = {
  traefik: ["updateStrategy"],
  "cert-manager": ["strategy", "webhook.strategy", "cainjector.strategy"],
  "metrics-server": ["updateStrategy"],
  "cluster-autoscaler": ["updateStrategy"],
  "external-secrets": ["strategy", "webhook.strategy", "certController.strategy"],
  "aws-load-balancer-controller": ["updateStrategy"],
};

function each(table: Record<string, string[]>, check: (result: RenderResult, install: string, path: string) => void) {
  for (const result of [dev, prod])
    for (const [install, paths] of Object.entries(table)) for (const path of paths) check(result, install, path);
}

const valueAt = (result: RenderResult, install: string, path: string): any => at(values(result, install), path);

describe("chart values that satisfy the policy pack", () => {
  test("every container the charts expose has CPU and memory requests and limits", () => {
    each(RESOURCES, (result, install, path) => {
      const resources = valueAt(result, install, path);
      const quantity = expect.stringMatching(/^\d+(m|Mi|Gi)?$/);
      expect([install, path, resources]).toEqual([
        install,
        path,
        { requests: { cpu: quantity, memory: quantity }, limits: { cpu: quantity, memory: quantity } },
      ]);
    });
  });

  test("the CPU limit is four times the request; the memory limit equals it", () => {
    expect(valueAt(prod, "traefik", "resources")).toEqual({
      requests: { cpu: "100m", memory: "128Mi" },
      limits: { cpu: "400m", memory: "128Mi" },
    });
  });

  test("containers are non-root, unprivileged, without capabilities, on a read-only root", () => {
    each(CONTAINER_CONTEXTS, (result, install, path) => {
      expect([install, path, valueAt(result, install, path)]).toEqual([
        install,
        path,
        expect.objectContaining({
          runAsNonRoot: true,
          privileged: false,
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ["ALL"] },
        }),
      ]);
    });
  });

  test("pods refuse root and use the runtime's seccomp profile", () => {
    each(POD_CONTEXTS, (result, install, path) => {
      expect([install, path, valueAt(result, install, path)]).toEqual([
        install,
        path,
        expect.objectContaining({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } }),
      ]);
    });
    expect(valueAt(prod, "cluster-autoscaler", "securityContext.runAsUser")).toBe(65534);
  });

  test("rolling updates never drop a pod before its replacement is ready", () => {
    each(STRATEGIES, (result, install, path) => {
      expect([install, path, valueAt(result, install, path)]).toEqual([
        install,
        path,
        { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      ]);
    });
  });

  test("fluent-bit drops everything but root, which its exemption covers", () => {
    const context = valueAt(prod, "fluent-bit", "securityContext");
    expect(context).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
    expect(context).not.toHaveProperty("runAsNonRoot");
  });

  test("external-secrets elects a leader when it runs more than one replica", () => {
    expect([valueAt(dev, "external-secrets", "leaderElect"), valueAt(prod, "external-secrets", "leaderElect")]).toEqual(
      [false, true],
    );
  });

  test("tiers keep their sizes: dev one replica, prod two", () => {
    expect([valueAt(dev, "metrics-server", "replicas"), valueAt(prod, "metrics-server", "replicas")]).toEqual([1, 2]);
    expect([
      valueAt(dev, "external-secrets", "replicaCount"),
      valueAt(prod, "external-secrets", "replicaCount"),
    ]).toEqual([1, 2]);
  });
});

/** The install that runs each chart's images (Karpenter's: test/platform-aws-services.test.ts). */
const INSTALL_OF: Record<string, string> = {
  traefik: "traefik",
  certManager: "cert-manager",
  externalDns: "external-dns",
  metricsServer: "metrics-server",
  kubePrometheusStack: "kube-prometheus-stack",
  fluentBit: "fluent-bit",
  argoRollouts: "argo-rollouts",
  clusterAutoscaler: "cluster-autoscaler",
  externalSecrets: "external-secrets",
  awsLoadBalancerController: "aws-load-balancer-controller",
};
const imagesOf = (key: string): Record<string, any> => CHART_IMAGES[key as keyof typeof CHART_IMAGES].images;

describe("images run by digest", () => {
  test("each image with a recorded digest runs by it, in the form its chart's template expects", () => {
    let pinned = 0;
    for (const result of [dev, prod])
      for (const [key, install] of Object.entries(INSTALL_OF))
        for (const pin of Object.values(imagesOf(key)).filter((p) => "digest" in p)) {
          // tag@digest: the chart prints `<repository>:<tag>`; digest: it prints `@<value>`; hex: `@sha256:<value>`.
          const expected: Record<string, string> = {
            "tag@digest": `${pin.tag}@${pin.digest}`,
            digest: pin.digest,
            hex: pin.digest.slice("sha256:".length),
          };
          expect([install, pin.key, valueAt(result, install, pin.key)]).toEqual([
            install,
            pin.key,
            expected[pin.form as string],
          ]);
          pinned++;
        }
    expect(pinned).toBeGreaterThan(0);
  });

  test("an image without a recorded digest keeps its chart's default, and says why", () => {
    for (const [key, install] of Object.entries(INSTALL_OF))
      for (const pin of Object.values(imagesOf(key)).filter((p) => !("digest" in p))) {
        expect([install, pin.key, valueAt(prod, install, pin.key)]).toEqual([install, pin.key, undefined]);
        expect(pin.unresolved).toMatch(/no public source/);
      }
  });

  test("Traefik's templates take its version from versionOverride, since its tag carries the digest", () => {
    expect(valueAt(prod, "traefik", "versionOverride")).toBe(CHARTS.traefik.appVersion);
  });

  test("recorded digests are sha256 digests", () => {
    for (const key of Object.keys(CHART_IMAGES))
      for (const pin of Object.values(imagesOf(key)).filter((p) => "digest" in p))
        expect([pin.image, pin.digest]).toEqual([pin.image, expect.stringMatching(/^sha256:[a-f0-9]{64}$/)]);
  });

  test("Grafana installs no plugins from grafana.com when it starts", () => {
    expect(values(prod, "kube-prometheus-stack").grafana["grafana.ini"].plugins).toEqual({ preinstall_disabled: true });
  });
});

test("the value paths were read in the charts at exactly the pinned versions", () => {
  // Each component cites the values.yaml paths it sets at these tags (docs/platform-charts.md). A pin
  // bump fails here until those paths are re-read in the new chart and this table is updated.
  const readAt = {
    traefik: "37.3.0",
    certManager: "v1.19.3",
    externalDns: "1.19.0",
    metricsServer: "3.13.0",
    kubePrometheusStack: "78.3.2",
    fluentBit: "0.48.0",
    argoRollouts: "2.41.0",
    karpenter: "1.8.1",
    clusterAutoscaler: "9.50.1",
    externalSecrets: "0.20.4",
    awsLoadBalancerController: "1.14.0",
  };
  for (const [key, version] of Object.entries(readAt)) {
    expect([key, CHARTS[key as keyof typeof CHARTS].version]).toEqual([key, version]);
  }
});

test("each chart's images, tags, digests and digest keys were read at exactly the pinned chart version", () => {
  // A pin bump fails here until components/platform/image-digests.ts is re-read at the new version.
  for (const [key, pin] of Object.entries(CHARTS)) {
    expect([key, CHART_IMAGES[key as keyof typeof CHARTS].chart]).toEqual([key, pin.version]);
  }
});
