/**
 * Every committed single-layer stack file (picked up by name, so new ones are included) renders
 * cleanly: valid config, every Kubernetes object valid against its schema, no mandatory policy
 * violation at the stack's own enforcement levels (support/committed-stack.ts). Each stack is rendered
 * once and shared by the checks below; layered stacks are rendered in layers.test.ts.
 */
import { stackNames } from "../../tools/ci/stacks";
import type { RenderResult } from "../../tools/harness/render-stack";
import { ROLLOUTS_CHART } from "../../components/platform/services/rollouts";
import { ROUTER_CHART } from "../../components/platform/services/router";
import { CHARTS } from "../../components/platform/installers";
import { A } from "../support/aws";
import { ORACLE_TRAEFIK_VERSION, traefikBackendName } from "../support/analysis-backends";
import { describeCommittedStack, stackLayer } from "../support/committed-stack";
import { fencedBlockAfter } from "../support/docs";
import { walkthroughDiff } from "../support/docs-walkthrough";
import { policyReport } from "../../tools/harness/policy-report";
import { describeInventedReferences } from "../../tools/harness/mock-digests";
import { resourceRecords } from "../../tools/harness/render-files";
import { describeUnseen, unseenByRender, type Unseen } from "../../tools/harness/unseen";
import { H, helmInstalls, values } from "../support/platform";
import { refusedObjects } from "../../tools/harness/admission/stack-admission";
import { at, committedRender, find, ofType, T } from "../support/stack";

/** The single-layer stacks; the platform and apps stacks render against each other in layers.test.ts. */
const stacks = stackNames().filter((stack) => stackLayer(stack) === "single");
const renders = new Map<string, RenderResult>();

beforeAll(async () => {
  // One at a time: each run installs the SDK's (global) mock engine.
  for (const stack of stacks) renders.set(stack, await committedRender(stack));
});

test("the committed stacks include dev, prod and local", () => {
  expect(stacks).toEqual(expect.arrayContaining(["dev", "local", "prod"]));
});

for (const stack of stacks) describeCommittedStack(stack, () => renders.get(stack)!);

test("dev and prod run on EKS; local on a kind context with no AWS resource at all", () => {
  const [dev, prod, local] = ["dev", "prod", "local"].map((stack) => renders.get(stack)!);
  expect(ofType(dev, A.cluster)).toHaveLength(1);
  expect(ofType(prod, A.cluster)).toHaveLength(1);
  expect(ofType(dev, A.natGateway)).toHaveLength(1);
  expect(ofType(prod, A.natGateway)).toHaveLength(3);
  expect(local.resources.filter((r) => r.type.startsWith("aws:"))).toEqual([]);
  expect(ofType(local, A.k8sProvider)[0].inputs).toEqual({ context: "kind-slipway" });
  expect(ofType(local, A.image).map((i) => i.inputs.imageName)).toEqual([
    expect.stringMatching(/^localhost:5001\/hello:build-[0-9a-f]{16}$/),
  ]);
});

describe("analyses and the router's series names", () => {
  const templates = () => stacks.flatMap((stack) => ofType(renders.get(stack)!, T.analysisTemplate));

  test("the committed stacks have analyses to check", () => {
    expect(templates().length).toBeGreaterThanOrEqual(2);
  });

  test("the checks' naming was written for the Traefik release the router chart ships", () => {
    expect(ROUTER_CHART.appVersion).toBe(ORACLE_TRAEFIK_VERSION);
    // Upstream's own expectation at that release (pkg/provider/kubernetes/gateway/kubernetes_test.go L645-656).
    expect(traefikBackendName("default", "whoami", 80)).toBe("default-whoami-http-80@kubernetesgateway");
    expect(traefikBackendName("a--b", "-c", 1)).toBe("a-b-c-http-1@kubernetesgateway");
  });
});

describe("zero-downtime settings on every prod Deployment", () => {
  const deployments = () => ofType(renders.get("prod")!, T.deployment);

  test("rolling updates never remove a pod before its replacement is ready", () => {
    expect(deployments().length).toBeGreaterThan(0);
    for (const d of deployments()) {
      const spec = at(d.inputs, "spec");
      expect(spec.strategy).toMatchObject({ type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0 } });
      expect(spec.revisionHistoryLimit).toBeGreaterThan(0);
      const pod = spec.template.spec;
      const [container] = pod.containers;
      // A preStop pause keeps the pod serving while endpoints update; the grace period covers it.
      const preStop = container.lifecycle.preStop.sleep.seconds;
      expect(preStop).toBeGreaterThan(0);
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(preStop);
      if (container.ports) expect(container.readinessProbe).toBeDefined();
    }
  });

  test("Kubernetes declares a stuck rollout failed before Pulumi stops waiting", () => {
    for (const d of deployments()) {
      const timeout = d.options.customTimeouts?.update;
      expect(timeout).toMatch(/^\d+s$/);
      expect(at(d.inputs, "spec.progressDeadlineSeconds")).toBeLessThan(parseInt(timeout!, 10));
    }
  });
});

/** The committed prod stack, rendered once above. */
const prod = () => renders.get("prod")!;

describe("Argo Rollouts runs one version: the controller the pinned chart installs and the CLI the release check runs", () => {
  // The CLI's `status` reads the Rollout status the controller writes, so a version skew could misjudge a release.
  test("the argo-rollouts pin is a published chart, with the appVersion its Chart.yaml declares", () => {
    // argoproj/argo-helm, tag argo-rollouts-2.41.0, charts/argo-rollouts/Chart.yaml (2.42.0 was never
    // published). Moving the pin means reading the new Chart.yaml's appVersion into components/platform/services/rollouts.ts.
    expect([ROLLOUTS_CHART.version, ROLLOUTS_CHART.appVersion]).toEqual(["2.41.0", "v1.9.0"]);
  });

  test("the controller runs the chart's appVersion, pinned by the digest its registry names at preview", () => {
    // values.yaml at argo-rollouts-2.41.0: controller.image.tag "Overrides the image tag (default is the chart appVersion)".
    const controller = values(prod(), "argo-rollouts").controller;
    expect(controller.image).toEqual({
      tag: expect.stringMatching(new RegExp(`^${ROLLOUTS_CHART.appVersion}@sha256:[0-9a-f]{64}$`)),
    });
  });

  test("every release check runs the CLI at the controller's version, by digest", () => {
    const checks = ofType(prod(), T.job).filter((job) => job.name.endsWith("-rollout-check"));
    expect(checks.length).toBeGreaterThan(0);
    for (const job of checks) {
      const images = at(job.inputs, "spec.template.spec.containers").map((c: { image: string }) => c.image);
      expect([job.name, images]).toEqual([
        job.name,
        [
          expect.stringMatching(
            new RegExp(`^quay\\.io/argoproj/kubectl-argo-rollouts:${ROLLOUTS_CHART.appVersion}@sha256:[0-9a-f]{64}$`),
          ),
        ],
      ]);
    }
  });
});

describe("the render says what it cannot see: Helm installs are opaque offline, controllers create objects at run time", () => {
  let unseen: Unseen;
  beforeAll(() => {
    unseen = unseenByRender(prod().resources, prod().objects);
  });

  test("every Helm install is listed as unseen, with its pinned chart and who does see its objects", () => {
    const installs = helmInstalls(prod());
    expect(installs.length).toBeGreaterThan(5);
    expect(unseen.opaqueInstalls.map((i) => i.name).sort()).toEqual(installs.map((i) => i.name).sort());
    const pins = CHARTS;
    for (const install of unseen.opaqueInstalls) {
      const pin = pins.find((p) => p.chart === install.chart);
      expect([install.name, install.version]).toEqual([install.name, pin?.version]);
      // Only a v4 Chart's objects reach a real preview's policies; a v3 Release's reach none.
      const seenInPreview = install.type === H.chart;
      expect([install.name, install.objectsSeenBy.includes("pulumi preview")]).toEqual([install.name, seenInPreview]);
    }
  });

  test("objects controllers make at run time are counted by the kind that causes them", () => {
    const byKind = new Map(unseen.runtimeObjects.map((r) => [r.kind, r]));
    expect(byKind.get("Rollout")?.count).toBe(ofType(prod(), T.rollout).length);
    expect(byKind.get("Rollout")?.creates).toMatch(/AnalysisRuns/);
    expect(byKind.get("AnalysisTemplate")?.creates).toMatch(/Jobs and Pods of its Job metrics/);
    expect(byKind.get("Deployment")?.count).toBe(ofType(prod(), T.deployment).length);
    expect(byKind.get("Certificate")?.count).toBe(ofType(prod(), H.certificate).length);
    expect(byKind.has("Namespace")).toBe(false);
  });

  test("images with no recorded digest are listed with the digest looked up at preview, labelled when the mock engine invented it", () => {
    const byImage = new Map(unseen.lookedUpImages.map((u) => [u.image, u]));
    expect(byImage.get("quay.io/argoproj/argo-rollouts:v1.9.0")).toEqual({
      install: "argo-rollouts",
      image: "quay.io/argoproj/argo-rollouts:v1.9.0",
      value: values(prod(), "argo-rollouts").controller.image.tag,
      mock: true,
    });
    expect(byImage.get("quay.io/prometheus/prometheus:v3.7.1")?.install).toBe("kube-prometheus-stack");
    // Recorded ones are not listed; every lookup answered, so nothing runs by tag.
    expect(byImage.has("public.ecr.aws/karpenter/controller:1.8.1")).toBe(false);
    expect(byImage.has("registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.6.3")).toBe(false);
    expect(byImage.has("docker.io/grafana/grafana:12.2.0")).toBe(true);
    expect(unseen.unpinnedImages).toEqual([]);
    expect(describeUnseen(unseen)).toMatch(
      /argo-rollouts: quay\.io\/argoproj\/argo-rollouts:v1\.9\.0: v1\.9\.0@sha256:0{16}[0-9a-f]{48} \(mock digest\)/,
    );
  });

  test("the Gateway API traffic plugin's built-in release and checksum are said to be unverified, and how to set both", () => {
    const location = values(prod(), "argo-rollouts").controller.trafficRouterPlugins[0].location;
    expect(unseen.unverifiedPins).toEqual([
      {
        install: "argo-rollouts",
        pin: location,
        reason: expect.stringContaining("not checked against the plugin's own repository"),
      },
    ]);
    expect(describeUnseen(unseen)).toContain(
      `argo-rollouts: ${location}: release and sha256 not checked against the plugin's own repository`,
    );
    expect(describeUnseen(unseen)).toContain("set slipway:platform.rollouts.trafficRouterPlugin to a url and sha256");
  });

  test("the console summary and policy.json both say so", () => {
    const text = describeUnseen(unseen);
    for (const install of unseen.opaqueInstalls) expect(text).toContain(`${install.name} (${install.chart}`);
    expect(text).toContain(`from ${ofType(prod(), T.rollout).length} Rollout:`);
    const report = JSON.parse(policyReport("prod", prod().environment, prod().verdicts, unseen));
    expect(report.notEvaluated).toEqual(unseen);
  });

  test("a render with nothing unseen says that", () => {
    expect(
      describeUnseen({
        opaqueInstalls: [],
        runtimeObjects: [],
        lookedUpImages: [],
        unpinnedImages: [],
        unverifiedPins: [],
      }),
    ).toMatch(/: nothing/);
  });
});

test("the console lists each image reference pinned by a digest the mock engine invented, and none the stack file gives", () => {
  const printed = describeInventedReferences(resourceRecords(renders.get("dev")!).map((r) => r.inputs)) ?? "";
  // storefront runs a tag, looked up in its registry (the mock's answer); catalog-api gives its digest.
  expect(printed).toMatch(/^ {2}ghcr\.io\/acme\/storefront@sha256:0{16}[0-9a-f]{48} \(mock digest\)$/m);
  // The checks' images, looked up with their tags (components/platform/check-images.ts).
  expect(printed).toMatch(/^ {2}curlimages\/curl:8\.16\.0@sha256:0{16}[0-9a-f]{48} \(mock digest\)$/m);
  expect(printed).toMatch(
    /^ {2}quay\.io\/argoproj\/kubectl-argo-rollouts:v1\.9\.0@sha256:0{16}[0-9a-f]{48} \(mock digest\)$/m,
  );
  expect(printed).not.toContain("catalog-api");
  expect(printed).not.toContain("sha256:6f1d3e1c9a4b");
});

test("docs/releases.md's config-only release walk-through shows what the render prints, line for line", async () => {
  expect(fencedBlockAfter("docs/releases.md", "1. `npm run render -- --stack dev`")).toEqual(
    await walkthroughDiff(renders.get("dev")!),
  );
});

describe("dev's storefront runs its migrations as a release phase (slipway:apps.storefront.release)", () => {
  const dev = () => renders.get("dev")!;
  const job = () => find(dev(), T.job, "storefront-release");
  const jobObject = () => dev().objects.filter(({ registration }) => registration.urn === job().urn);
  const container = (inputs: unknown) => at(inputs, "spec.template.spec.containers")[0];

  test("the Job runs bin/rails db:migrate in the Rollout's image, with its ConfigMap and Secret, once", () => {
    const web = container(find(dev(), T.rollout, "storefront-web").inputs);
    expect(container(job().inputs)).toMatchObject({
      command: ["bin/rails", "db:migrate"],
      image: web.image,
      envFrom: web.envFrom,
    });
    expect(at(job().inputs, "spec")).toMatchObject({ backoffLimit: 0, activeDeadlineSeconds: 900 + 60 });
  });

  test("no workload of the app changes before it succeeds: the Rollout depends on the Job", () => {
    const workloads = dev().resources.filter(
      (r) => r.parent === find(dev(), T.app, "storefront").urn && [T.rollout, T.deployment].includes(r.type as any),
    );
    expect(workloads.map((r) => r.name)).toContain("storefront-web");
    for (const workload of workloads)
      expect([workload.name, workload.options.dependsOn]).toEqual([workload.name, expect.arrayContaining([job().urn])]);
  });

  test("its object is valid against the Job schema and passes the pack with no verdict at all", () => {
    expect(jobObject()).toHaveLength(1);
    expect(dev().schemaProblems.filter((p) => JSON.stringify(p).includes("storefront-release"))).toEqual([]);
    expect(dev().verdicts.filter((v) => v.urn === job().urn)).toEqual([]);
  });

  test("the tenant admission policies admit it in its namespace, and bind to it: with host access it is refused", () => {
    const [admitted] = jobObject();
    expect(admitted.object.metadata.namespace).toBe("storefront");
    expect(refusedObjects([admitted], dev().objects)).toEqual([]);
    const spec = at(admitted.object, "spec.template.spec");
    const hostile = {
      ...admitted,
      object: {
        ...admitted.object,
        spec: { ...(admitted.object as any).spec, template: { spec: { ...spec, hostPID: true } } },
      },
    };
    expect(refusedObjects([hostile], dev().objects)).toEqual([
      expect.objectContaining({ kind: "Job", namespace: "storefront" }),
    ]);
  });
});
