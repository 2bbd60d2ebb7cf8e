/**
 * `npm run run`: a one-off Job from the app's current release (the release history's newest image
 * digest, ConfigMap and Secret) and the process's own pod template; its log is streamed and its
 * exit code returned. --dry-run and a missing terminal start nothing.
 */
import type { OutputMap } from "@pulumi/pulumi/automation";
import { parseCommandLine, UsageError } from "../tools/cli";
import { oneOffCommand } from "../tools/release-commands";
import type { OneOffJob, PodTemplate } from "../tools/one-off-run/job";
import type { JobsApi } from "../tools/one-off-run/ports";
import { runOneOff, type OneOffOptions } from "../tools/one-off-run/run";
import { OneOffRefusal } from "../tools/one-off-run/target";
import { captureOutput, fakePrompt } from "./support/fake-stack";

const DIGEST = "ghcr.io/acme/shop@sha256:" + "a".repeat(64);
const CURRENT = {
  config: { name: "shop-config-2222222222", resource: "shop-config-2" },
  secret: { name: "shop-secrets-3333333333", resource: "shop-secrets-3" },
  image: DIGEST,
  version: "1.4.2",
};
const OUTPUTS: OutputMap = {
  apps: { value: { shop: { namespace: "shop", workloads: ["shop-web", "shop-worker"] } }, secret: false },
  releaseHistory: {
    value: { shop: [CURRENT, { config: { name: "shop-config-1111111111", resource: "shop-config" } }] },
    secret: false,
  },
  clusterName: { value: "kind-slipway", secret: false },
};

/** The web process's pod template as a Deployment carries it, mid-canary (the older image). */
const WEB_TEMPLATE: PodTemplate = {
  metadata: {
    labels: { "app.kubernetes.io/name": "shop", "app.kubernetes.io/component": "web", "slipway.dev/stack": "prod" },
  },
  spec: {
    serviceAccountName: "shop",
    automountServiceAccountToken: false,
    securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: "RuntimeDefault" } },
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "kubernetes.io/hostname" }],
    volumes: [{ name: "tmp", emptyDir: { sizeLimit: "256Mi" } }],
    containers: [
      {
        name: "web",
        image: "ghcr.io/acme/shop@sha256:" + "0".repeat(64),
        args: ["serve"],
        ports: [{ name: "http", containerPort: 8080 }],
        envFrom: [{ configMapRef: { name: "shop-config-1111111111" } }],
        readinessProbe: { tcpSocket: { port: "http" } },
        livenessProbe: { tcpSocket: { port: "http" } },
        lifecycle: { preStop: { sleep: { seconds: 10 } } },
        resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "1", memory: "512Mi" } },
        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true },
        volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
      },
    ],
  },
};

function fakeJobsApi(exitCode: number) {
  const calls: string[] = [];
  const created: OneOffJob[] = [];
  const api: JobsApi = {
    podTemplate: async (namespace, workload) => (calls.push(`template ${namespace}/${workload}`), WEB_TEMPLATE),
    createJob: async (namespace, job) => {
      calls.push(`create ${namespace}/${job.metadata.name}`);
      created.push(job);
    },
    startedPod: async (_namespace, job) => (calls.push(`pod of ${job}`), `${job}-x7k2p`),
    followLog: async (_namespace, pod, container, write) => {
      calls.push(`log ${pod} ${container}`);
      write("migrating…\n");
      write("done\n");
    },
    exitCode: async (_namespace, pod) => (calls.push(`exit ${pod}`), exitCode),
  };
  return { api, calls, created };
}

function setup(options: Partial<OneOffOptions>, prompt = fakePrompt(false), outputs = OUTPUTS, exitCode = 0) {
  const cluster = fakeJobsApi(exitCode);
  const out = captureOutput();
  let outputsRead = 0;
  const run = runOneOff(
    {
      stack: "prod",
      app: "shop",
      process: "web",
      command: ["bin/migrate"],
      ttlSeconds: 600,
      yes: false,
      dryRun: false,
      ...options,
    },
    {
      openStack: async () => ({ outputs: async () => (outputsRead++, outputs) }),
      connect: () => cluster.api,
      prompt,
      out,
      runId: () => "4f2a9c",
    },
  );
  return { run, cluster, out, outputsRead: () => outputsRead };
}

describe("npm run run", () => {
  test("--yes runs the command once in the current release, streams its log and returns its exit code", async () => {
    const { run, cluster, out } = setup({ yes: true }, fakePrompt(false), OUTPUTS, 3);
    await expect(run).resolves.toBe(3);
    expect(cluster.calls).toEqual([
      "template shop/shop-web",
      "create shop/shop-run-4f2a9c",
      "pod of shop-run-4f2a9c",
      "log shop-run-4f2a9c-x7k2p web",
      "exit shop-run-4f2a9c-x7k2p",
    ]);
    const [job] = cluster.created;
    expect(job.spec).toMatchObject({ backoffLimit: 0, ttlSecondsAfterFinished: 600 });
    const pod = job.spec.template.spec;
    expect(pod).toMatchObject({
      restartPolicy: "Never",
      serviceAccountName: "shop",
      securityContext: WEB_TEMPLATE.spec.securityContext,
      volumes: WEB_TEMPLATE.spec.volumes,
    });
    expect(pod.topologySpreadConstraints).toBeUndefined();
    expect(pod.containers).toEqual([
      {
        name: "web",
        image: DIGEST,
        command: ["bin/migrate"],
        envFrom: [{ configMapRef: { name: CURRENT.config.name } }, { secretRef: { name: CURRENT.secret.name } }],
        resources: WEB_TEMPLATE.spec.containers[0].resources,
        securityContext: WEB_TEMPLATE.spec.containers[0].securityContext,
        volumeMounts: WEB_TEMPLATE.spec.containers[0].volumeMounts,
      },
    ]);
    // Without the component label the run's pod never joins the web Service's endpoints.
    expect(job.spec.template.metadata?.labels).toEqual({
      "app.kubernetes.io/name": "shop",
      "slipway.dev/stack": "prod",
      "slipway.dev/one-off": "4f2a9c",
    });
    expect(out.text()).toContain("migrating…\ndone\n");
    expect(out.text()).toContain("shop-run-4f2a9c exited with code 3");
  });

  test("--dry-run prints the Job and starts nothing", async () => {
    const { run, cluster, out } = setup({ dryRun: true });
    await expect(run).resolves.toBe(0);
    expect(cluster.created).toEqual([]);
    expect(out.text()).toContain(`release 1.4.2: ${DIGEST}`);
    expect(out.text()).toContain('"ttlSecondsAfterFinished": 600');
    expect(out.text()).toContain("Dry run: nothing was started.");
  });

  test("asks on a terminal; anything but yes starts nothing", async () => {
    const { run, cluster } = setup({}, fakePrompt(true, "no"));
    await expect(run).resolves.toBe(1);
    expect(cluster.created).toEqual([]);
  });

  test("without a terminal or --yes it refuses before reading the stack", async () => {
    const { run, outputsRead } = setup({});
    await expect(run).rejects.toThrow(OneOffRefusal);
    expect(outputsRead()).toBe(0);
  });

  test.each([
    [
      "an app the stack does not run",
      { app: "blog" },
      OUTPUTS,
      "stack prod has no app blog deployed (its outputs list shop)",
    ],
    [
      "a process the app does not have",
      { process: "clock" },
      OUTPUTS,
      "app shop has no process clock (it has web, worker)",
    ],
    [
      "a current release that ran by tag, not by digest",
      {},
      { ...OUTPUTS, releaseHistory: { value: { shop: [{ config: CURRENT.config }] }, secret: false } },
      "the current release of shop on stack prod records no image digest, so there is no exact image to run",
    ],
  ])("refuses %s", async (_, options, outputs, message) => {
    const { run, cluster } = setup({ yes: true, ...options }, fakePrompt(false), outputs);
    await expect(run).rejects.toThrow(new OneOffRefusal(message));
    expect(cluster.created).toEqual([]);
  });
});

describe("its command line", () => {
  test("the words after -- are the command; process defaults to web, ttl to 600", () => {
    expect(
      parseCommandLine(oneOffCommand, ["--stack", "prod", "--app", "shop", "--", "bin/rails", "db:migrate", "--trace"]),
    ).toEqual({
      stack: "prod",
      app: "shop",
      process: "web",
      command: ["bin/rails", "db:migrate", "--trace"],
      ttlSeconds: 600,
      yes: false,
      dryRun: false,
    });
  });

  test("a run needs a command", () => {
    expect(() => parseCommandLine(oneOffCommand, ["--stack", "prod", "--app", "shop"])).toThrow(UsageError);
    expect(() => parseCommandLine(oneOffCommand, ["--stack", "prod", "--app", "shop"])).toThrow(
      /expected a command after --/,
    );
  });
});
