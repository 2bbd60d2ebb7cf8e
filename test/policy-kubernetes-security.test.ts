import { check, deployment, deploymentWith, goodContainer, K, podSpec, resource } from "./support/policy";

describe("k8s-run-as-non-root", () => {
  test("passes when the pod runs as a non-root user", async () => {
    expect(await check("k8s-run-as-non-root", [deployment()])).toEqual([]);
  });

  test("fails when neither pod nor container says runAsNonRoot", async () => {
    const bad = deploymentWith((c, spec) => {
      delete c.securityContext.runAsNonRoot;
      delete spec.securityContext.runAsNonRoot;
    });
    const verdicts = await check("k8s-run-as-non-root", [bad]);
    expect(verdicts.map((v) => v.message)).toEqual(['Deployment shop/web: container "web": runAsNonRoot is not true']);
    expect(verdicts[0].urn).toBe(bad.urn);
  });

  test("fails when a container runs as user 0 even with runAsNonRoot at pod level", async () => {
    const bad = deploymentWith((c) => (c.securityContext.runAsUser = 0));
    expect((await check("k8s-run-as-non-root", [bad])).map((v) => v.message)).toEqual([
      'Deployment shop/web: container "web": runAsUser is 0 (root)',
    ]);
  });

  test("a container's setting overrides the pod's", async () => {
    const bad = deploymentWith((c) => (c.securityContext.runAsNonRoot = false));
    expect(await check("k8s-run-as-non-root", [bad])).toHaveLength(1);
  });
});

describe("k8s-no-privilege-escalation", () => {
  test("passes with privileged false and escalation off", async () => {
    expect(await check("k8s-no-privilege-escalation", [deployment()])).toEqual([]);
  });

  test("fails on a privileged container and on escalation left at its default", async () => {
    const bad = deploymentWith((c) => {
      c.securityContext.privileged = true;
      delete c.securityContext.allowPrivilegeEscalation;
    });
    expect((await check("k8s-no-privilege-escalation", [bad])).map((v) => v.message)).toEqual([
      'Deployment shop/web: container "web": runs privileged',
      'Deployment shop/web: container "web": allowPrivilegeEscalation is not false',
    ]);
  });

  test("checks init containers too", async () => {
    const init = {
      ...goodContainer(),
      name: "migrate",
      securityContext: { ...goodContainer().securityContext, privileged: true },
    };
    const bad = deploymentWith((_c, spec) => (spec.initContainers = [init]));
    expect((await check("k8s-no-privilege-escalation", [bad])).map((v) => v.message)).toEqual([
      'Deployment shop/web: init container "migrate": runs privileged',
    ]);
  });
});

describe("k8s-no-host-access", () => {
  test("passes for a pod with its own namespaces and emptyDir volumes", async () => {
    const ok = deploymentWith((_c, spec) => (spec.volumes = [{ name: "tmp", emptyDir: {} }]));
    expect(await check("k8s-no-host-access", [ok])).toEqual([]);
  });

  test("fails on host namespaces, hostPath volumes and host ports", async () => {
    const bad = deploymentWith((c, spec) => {
      Object.assign(spec, {
        hostNetwork: true,
        hostPID: true,
        hostIPC: true,
        volumes: [{ name: "docker", hostPath: { path: "/var/run/docker.sock" } }],
      });
      c.ports = [{ containerPort: 8080, hostPort: 80 }];
    });
    expect((await check("k8s-no-host-access", [bad])).map((v) => v.message)).toEqual([
      "Deployment shop/web: hostNetwork is true",
      "Deployment shop/web: hostPID is true",
      "Deployment shop/web: hostIPC is true",
      'Deployment shop/web: volume "docker" mounts a hostPath',
      'Deployment shop/web: container "web": binds hostPort 80',
    ]);
  });
});

describe("k8s-read-only-root-filesystem", () => {
  test("passes with a read-only root filesystem", async () => {
    expect(await check("k8s-read-only-root-filesystem", [deployment()])).toEqual([]);
  });

  test("fails when the root filesystem is writable", async () => {
    const bad = deploymentWith((c) => delete c.securityContext.readOnlyRootFilesystem);
    expect((await check("k8s-read-only-root-filesystem", [bad])).map((v) => v.message)).toEqual([
      'Deployment shop/web: container "web": readOnlyRootFilesystem is not true',
    ]);
  });
});

describe("pod policies find the pod spec in every workload kind", () => {
  const root = { ...goodContainer(), securityContext: { runAsUser: 0 } };

  test.each([
    ["Pod", K.pod, { kind: "Pod", metadata: { name: "p" }, spec: podSpec(root) }],
    [
      "CronJob",
      K.cronJob,
      {
        kind: "CronJob",
        metadata: { name: "p" },
        spec: { jobTemplate: { spec: { template: { spec: podSpec(root) } } } },
      },
    ],
    ["Rollout", K.rollout, { kind: "Rollout", metadata: { name: "p" }, spec: { template: { spec: podSpec(root) } } }],
    [
      "AnalysisTemplate (a Job metric after a Prometheus one)",
      K.analysisTemplate,
      {
        kind: "AnalysisTemplate",
        metadata: { name: "p" },
        spec: {
          metrics: [
            { name: "kpi", provider: { prometheus: { query: "up" } } },
            { name: "smoke", provider: { job: { spec: { template: { spec: podSpec(root) } } } } },
          ],
        },
      },
    ],
  ])("%s", async (_kind, type, inputs) => {
    const verdicts = await check("k8s-run-as-non-root", [resource(type, "p", inputs)]);
    expect(verdicts.map((v) => v.message)).toContainEqual(expect.stringContaining("runAsUser is 0"));
  });

  test("resources that run no pods are not judged", async () => {
    const service = resource("kubernetes:core/v1:Service", "web", {
      kind: "Service",
      metadata: { name: "web" },
      spec: { ports: [] },
    });
    expect(await check("k8s-run-as-non-root", [service])).toEqual([]);
  });
});
