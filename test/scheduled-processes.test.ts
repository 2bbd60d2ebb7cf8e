/**
 * Scheduled process types: a `schedule:` turns a process into a CronJob running the same hardened
 * pod template as every workload, validated like every other Kubernetes object and judged by the
 * policy pack; a config-only release changes its jobTemplate.
 */
import { TENANT_LABEL } from "../config/labels";
import { parseStackConfig } from "../config/stack";
import { refusedObjects } from "../tools/harness/admission/stack-admission";
import { diffRecords, resourceRecords } from "../tools/harness/render-files";
import type { RenderResult } from "../tools/harness/render-stack";
import { at, find, ofType, render, T, webApp } from "./support/stack";

const CRON_JOB = "kubernetes:batch/v1:CronJob";

const config = (env: Record<string, string>) => ({
  environment: "prod",
  // The app's images come from ghcr.io: the cluster admits only registries the platform lists.
  platform: { admission: { allowedRegistries: ["ghcr.io/acme"] } },
  apps: {
    shop: webApp({
      env,
      domains: ["shop.example.com"],
      processes: {
        web: {},
        nightly: {
          command: ["bin/report"],
          schedule: { cron: "30 3 * * MON-FRI", timeZone: "Europe/Paris", activeDeadlineSeconds: 900 },
        },
      },
    }),
  },
  secrets: { shop: { DATABASE_URL: "postgres://one" } },
});

let before: RenderResult;
let after: RenderResult;
beforeAll(async () => {
  before = await render(config({ LOG_LEVEL: "info" }));
  after = await render(config({ LOG_LEVEL: "debug" }));
});

const cronJob = (result: RenderResult) => find(result, CRON_JOB, "shop-nightly").inputs;
const podSpec = (result: RenderResult) => at(cronJob(result), "spec.jobTemplate.spec.template.spec");

describe("a scheduled process", () => {
  test("is admitted by the cluster's tenant admission policies, which do match it", () => {
    const shop = before.objects.find(({ object }) => object.kind === "Namespace" && object.metadata.name === "shop");
    expect((shop?.object.metadata as { labels?: Record<string, string> } | undefined)?.labels).toHaveProperty([
      TENANT_LABEL,
    ]);
    expect(refusedObjects(before.objects, before.objects)).toEqual([]);
    const cron = before.objects.find(({ object }) => object.kind === "CronJob")!;
    const hostPid = structuredClone(cron);
    (at(hostPid.object, "spec.jobTemplate.spec.template.spec") as { hostPID?: boolean }).hostPID = true;
    expect(refusedObjects([hostPid], before.objects)).toEqual([
      expect.objectContaining({ kind: "CronJob", name: "shop-nightly" }),
    ]);
  });

  test("becomes a CronJob with the schedule, its time zone and the defaults spelt out", () => {
    expect(at(cronJob(before), "metadata")).toMatchObject({ name: "shop-nightly", namespace: "shop" });
    expect(cronJob(before).spec).toMatchObject({
      schedule: "30 3 * * MON-FRI",
      timeZone: "Europe/Paris",
      concurrencyPolicy: "Forbid",
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
    });
    expect(at(cronJob(before), "spec.jobTemplate.spec")).toMatchObject({ backoffLimit: 6, activeDeadlineSeconds: 900 });
  });

  test("runs the hardened pod template with the release's config and secret, never restarted in place", () => {
    const spec = podSpec(before);
    expect(spec).toMatchObject({
      restartPolicy: "Never",
      serviceAccountName: "shop",
      automountServiceAccountToken: false,
      securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
    });
    const [container] = spec.containers;
    expect(container).toMatchObject({
      name: "nightly",
      command: ["bin/report"],
      securityContext: {
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ["ALL"] },
      },
      resources: { requests: { cpu: expect.any(String) }, limits: { memory: expect.any(String) } },
    });
    expect(container.ports).toBeUndefined();
    expect(container.readinessProbe).toBeUndefined();
    const configMap = at(find(before, T.configMap, "shop-config").inputs, "metadata.name");
    const secret = at(find(before, T.secret, "shop-secrets").inputs, "metadata.name");
    expect(container.envFrom).toEqual([{ configMapRef: { name: configMap } }, { secretRef: { name: secret } }]);
  });

  test("gets no Deployment, Service, autoscaler or disruption budget of its own", () => {
    const named = (type: string) => ofType(before, type).map((r) => r.name);
    expect(named(T.deployment)).toEqual(["shop-web"]);
    expect(named(T.service).filter((n) => n.includes("nightly"))).toEqual([]);
    expect([...named(T.hpa), ...named(T.pdb)].filter((n) => n.includes("nightly"))).toEqual([]);
    expect(before.outputs.apps).toMatchObject({ shop: { workloads: ["shop-nightly", "shop-web"] } });
  });

  test("passes the Kubernetes schema and the policy pack", () => {
    const urn = find(before, CRON_JOB, "shop-nightly").urn;
    expect(before.schemaProblems.filter((p) => p.urn === urn)).toEqual([]);
    expect(before.verdicts.filter((v) => v.urn === urn)).toEqual([]);
  });

  test("a config-only release rolls it: its jobTemplate points at the new ConfigMap", () => {
    const changed = diffRecords(resourceRecords(before), resourceRecords(after)).changed.map((u) =>
      u.split("::").pop(),
    );
    expect(changed.sort()).toEqual(["shop-config", "shop-nightly", "shop-web"]);
    const newName = at(find(after, T.configMap, "shop-config").inputs, "metadata.name");
    expect(podSpec(after).containers[0].envFrom).toContainEqual({ configMapRef: { name: newName } });
  });
});

/** The problem reported for one cron expression, or undefined when it is accepted. */
function cronProblem(cron: string): string | undefined {
  const result = parseStackConfig({
    environment: "dev",
    apps: { shop: webApp({ processes: { web: {}, nightly: { command: ["bin/report"], schedule: { cron } } } }) },
  });
  return result.ok ? undefined : result.problems.map((p) => `${p.key}: ${p.message}`).join("; ");
}

describe("cron syntax: what robfig/cron ParseStandard (the API server's parser) accepts", () => {
  test.each([
    "0 3 * * *",
    "*/15 * * * *",
    "0 9-17/2 * * 1-5",
    "0 0 ? * MON-FRI",
    "0 0 1 JAN,JUL *",
    "0 0 * * */7",
    "5/15 * * * *",
    "@daily",
    "@midnight",
    "@hourly",
  ])("accepts %s", (cron) => expect(cronProblem(cron)).toBeUndefined());

  // Each is accepted by cron-parser alone but refused by the API server.
  test.each([
    ["four fields", "* * * *"],
    ["a seconds field", "0 0 3 * * *"],
    ["weekday 7 (robfig's weekdays run 0-6)", "0 3 * * 7"],
    ["a weekday range up to 7", "0 3 * * 5-7"],
    ["last day of month", "0 3 L * *"],
    ["nth weekday", "0 3 * * 1#2"],
    ["a hashed minute", "H 3 * * *"],
    ["@every, a Go duration", "@every 1h"],
  ])("refuses %s", (_, cron) =>
    expect(cronProblem(cron)).toBe(
      `slipway:apps.shop.processes.nightly.schedule.cron: expected a 5-field cron expression such as "0 3 * * *", got "${cron}"`,
    ),
  );

  test("refuses a schedule on web, which serves traffic", () => {
    const result = parseStackConfig({
      environment: "dev",
      apps: { shop: webApp({ processes: { web: { schedule: { cron: "0 3 * * *" } } } }) },
    });
    expect(result.ok ? [] : result.problems.map((p) => p.key)).toEqual(["slipway:apps.shop.processes.web.schedule"]);
  });
});
