import kubernetesPackage from "@pulumi/kubernetes/package.json";
import type { Registration } from "../../tools/harness/mock-engine";
import type { RenderResult } from "../../tools/harness/render-stack";
import { at, find, ofType, render, renderAfter, T, webApp, type ConfigObject } from "../support/stack";

const digest = (c: string) => `sha256:${c.repeat(64)}`;
const MIGRATE = ["bin/rails", "db:migrate"];

/** One version of the stack: the app's image digest and env, its secret, its release phase. */
function version(image: string, level: string, release: ConfigObject | undefined = { command: MIGRATE }) {
  const app = (overrides: ConfigObject) =>
    webApp({ image: { repository: "ghcr.io/acme/web", digest: digest(image) }, env: { LEVEL: level }, ...overrides });
  return {
    environment: "prod",
    apps: {
      shop: app({
        release,
        domains: ["shop.example.com"],
        strategy: { type: "canary" },
        processes: {
          web: {},
          worker: { command: ["bin/worker"] },
          nightly: { command: ["bin/report"], schedule: { cron: "0 3 * * *" } },
        },
      }),
      plain: app({ processes: { worker: { command: ["bin/worker"] } } }),
    },
    secrets: { shop: { DATABASE_URL: "postgres://shop" } },
  };
}

const releaseJobs = (result: RenderResult, app = "shop") =>
  ofType(result, T.job).filter((job) => job.name === `${app}-release`);
const jobName = (result: RenderResult): string | undefined => {
  const [job] = releaseJobs(result);
  return job && at(job.inputs, "metadata.name");
};
const container = (job: Registration) => at(job.inputs, "spec.template.spec.containers")[0];

describe("the release phase", () => {
  let first: RenderResult;
  beforeAll(async () => {
    first = await render(version("a", "info"));
  });

  test("runs the command once, from the new image by digest with the new release's ConfigMap and Secret", () => {
    const [job] = releaseJobs(first);
    const web = container(find(first, T.rollout, "shop-web"));
    expect(container(job)).toMatchObject({
      image: `ghcr.io/acme/web@${digest("a")}`,
      command: MIGRATE,
      envFrom: web.envFrom,
      securityContext: web.securityContext,
      resources: web.resources,
    });
    expect(web.envFrom.map((from: any) => (from.configMapRef ?? from.secretRef).name)).toEqual([
      at(find(first, T.configMap, "shop-config").inputs, "metadata.name"),
      at(find(first, T.secret, "shop-secrets").inputs, "metadata.name"),
    ]);
    // It starts once both objects exist, as the app's service account.
    expect(job.options.dependsOn).toEqual(
      expect.arrayContaining([
        find(first, T.configMap, "shop-config").urn,
        find(first, T.secret, "shop-secrets").urn,
        find(first, T.serviceAccount, "shop-sa").urn,
      ]),
    );
    const pod = at(job.inputs, "spec.template.spec");
    expect(pod).toMatchObject({
      restartPolicy: "Never",
      serviceAccountName: "shop",
      automountServiceAccountToken: false,
    });
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(first.schemaProblems).toEqual([]);
    expect(first.verdicts.filter((v) => v.urn === job.urn)).toEqual([]);
  });

  test("a failure is final and fails `pulumi up`: no retry, a deadline, Pulumi waits a minute longer", async () => {
    const result = await render(version("a", "info", { command: MIGRATE, timeoutSeconds: 300 }));
    const [job] = releaseJobs(result);
    expect(at(job.inputs, "spec.backoffLimit")).toBe(0);
    // 300 s for the command, 60 s to schedule the pod and pull the image.
    expect(at(job.inputs, "spec.activeDeadlineSeconds")).toBe(360);
    expect(job.options.customTimeouts).toEqual({ create: "420s", update: "420s" });
    const annotations = at(job.inputs, "metadata.annotations");
    expect(annotations["pulumi.com/replaceUnready"]).toBe("true");
    expect(annotations["pulumi.com/skipAwait"]).toBeUndefined();
    // Finished, it stays until the next release replaces it: a refresh must find it.
    expect(at(job.inputs, "spec.ttlSecondsAfterFinished")).toBeUndefined();
  });

  test("no workload of the app changes before it succeeded: the Rollout, Deployments and CronJobs wait", () => {
    const [job] = releaseJobs(first);
    for (const [type, name] of [
      [T.rollout, "shop-web"],
      [T.deployment, "shop-worker"],
      ["kubernetes:batch/v1:CronJob", "shop-nightly"],
    ])
      expect(find(first, type, name).options.dependsOn).toContain(job.urn);
    expect(ofType(first, T.deployment).filter((d) => d.options.dependsOn.includes(job.urn))).toHaveLength(1);
  });

  test("an app without release runs no Job and its workloads wait for none", () => {
    expect(releaseJobs(first, "plain")).toEqual([]);
    const jobs = new Set(ofType(first, T.job).map((job) => job.urn));
    expect(find(first, T.deployment, "plain-worker").options.dependsOn.filter((urn) => jobs.has(urn))).toEqual([]);
  });

  test("each code or config release gets its own Job; an unchanged release keeps its finished one", async () => {
    const unchanged = await renderAfter(first, version("a", "info"));
    const config = await renderAfter(first, version("a", "debug"));
    const code = await renderAfter(first, version("b", "info"));
    expect(jobName(first)).toMatch(/^shop-release-[0-9a-f]{10}$/);
    expect(jobName(unchanged)).toBe(jobName(first));
    expect(new Set([jobName(first), jobName(config), jobName(code)]).size).toBe(3);
    expect(container(releaseJobs(code)[0]).image).toBe(`ghcr.io/acme/web@${digest("b")}`);
    // The new ConfigMap, which the new pods mount too (the first one is kept for the running release).
    const mounted = container(find(config, T.rollout, "shop-web")).envFrom;
    expect(mounted[0]).not.toEqual(container(releaseJobs(first)[0]).envFrom[0]);
    expect(container(releaseJobs(config)[0]).envFrom).toEqual(mounted);
  });

  test("release.on leaves out config-only releases, and the release after that does not run it either", async () => {
    const codeOnly = { command: MIGRATE, on: ["code"] };
    const v1 = await render(version("a", "info", codeOnly));
    const v2 = await renderAfter(v1, version("a", "debug", codeOnly));
    expect(releaseJobs(v2)).toEqual([]);
    expect(find(v2, T.deployment, "shop-worker").options.dependsOn.some((urn) => urn.endsWith("shop-release"))).toBe(
      false,
    );
    // Unchanged after a release that ran nothing: still nothing.
    expect(releaseJobs(await renderAfter(v2, version("a", "debug", codeOnly)))).toEqual([]);
    // A new image runs it.
    expect(releaseJobs(await renderAfter(v2, version("b", "debug", codeOnly)))).toHaveLength(1);
  });

  test("a rollback runs it again under its earlier name, which no retained object holds; on can leave it out", async () => {
    const v2 = await renderAfter(first, version("b", "debug"));
    const back = await renderAfter(v2, version("a", "info"));
    expect(jobName(back)).toBe(jobName(first));
    // One Pulumi resource holds the app's release Job, so the earlier Job was replaced, not kept.
    expect(ofType(back, T.job).filter((job) => at(job.inputs, "metadata.name") === jobName(first))).toHaveLength(1);
    const noRollback = { command: MIGRATE, on: ["code", "config"] };
    const w2 = await renderAfter(first, version("b", "debug", noRollback));
    expect(releaseJobs(w2)).toHaveLength(1);
    expect(releaseJobs(await renderAfter(w2, version("a", "info", noRollback)))).toEqual([]);
  });

  test("the await this relies on is pulumi-kubernetes' at the pinned version", () => {
    // components/app/release-command.ts cites the provider's Job await; re-read it when this changes.
    expect(kubernetesPackage.version).toBe("4.34.2");
  });
});
