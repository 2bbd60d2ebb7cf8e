import { at, find, ofType, render, renderStackFile, T, webApp } from "../support/stack";
import type { RenderResult } from "../../tools/harness/render-stack";
import type { Registration } from "../../tools/harness/mock-engine";

const seconds = (timeout?: string) => Number(timeout?.replace(/s$/, ""));

function checkJob(result: RenderResult, app: string): Registration {
  return find(result, T.job, `${app}-rollout-check`);
}

/** The timeouts of one progressive app, as `pulumi up` and Kubernetes apply them. */
function rolloutTimeouts(result: RenderResult, app: string) {
  const rollout = find(result, T.rollout, `${app}-web`);
  const job = checkJob(result, app);
  const args: string[] = at(job.inputs, "spec.template.spec.containers")[0].args;
  return {
    rollout: seconds(rollout.options.customTimeouts?.update),
    check: Number(args[args.indexOf("--timeout") + 1].replace(/s$/, "")),
    jobDeadline: at(job.inputs, "spec.activeDeadlineSeconds"),
    jobPulumi: seconds(job.options.customTimeouts?.update),
  };
}

describe("awaiting releases", () => {
  let prod: RenderResult;
  beforeAll(async () => {
    prod = await renderStackFile("prod");
  });

  test("every Deployment is awaited, and Kubernetes gives up a minute before Pulumi does", () => {
    const deployments = ofType(prod, T.deployment);
    expect(deployments.length).toBeGreaterThan(0);
    for (const d of deployments) {
      expect(d.options.customTimeouts).toEqual({ create: "600s", update: "600s" });
      expect(at(d.inputs, "spec.progressDeadlineSeconds")).toBe(540);
    }
  });

  test("every Rollout waits for its controller, aborts a stuck step, and has a release check", () => {
    const rollouts = ofType(prod, T.rollout);
    expect(rollouts.map((r) => r.name).sort()).toEqual(["catalog-api-web", "storefront-web"]);
    for (const r of rollouts) {
      expect(at(r.inputs, "metadata.annotations")["pulumi.com/waitFor"]).toBe("jsonpath={.status.observedGeneration}");
      expect(at(r.inputs, "spec.progressDeadlineAbort")).toBe(true);
      expect(at(r.inputs, "spec.progressDeadlineSeconds")).toBe(540);
      const app = at(r.inputs, "metadata.namespace");
      const job = checkJob(prod, app);
      expect(job.options.dependsOn).toContain(r.urn);
      expect(at(job.inputs, "spec.template.spec.containers")[0].args.slice(0, 4)).toEqual([
        "status",
        `${app}-web`,
        "--namespace",
        app,
      ]);
      expect(at(job.inputs, "spec.backoffLimit")).toBe(0);
      expect(at(job.inputs, "metadata.annotations")["pulumi.com/replaceUnready"]).toBe("true");
    }
  });

  test("the canary's budget covers every step: four scale-ups, two pauses and three analyses", () => {
    // 4 × 600 s for pods (3 setWeight steps and the promotion), 2 × 120 s pauses,
    // 3 × (30 s initial delay + 5 × 60 s measurements).
    const budget = 4 * 600 + 2 * 120 + 3 * (30 + 5 * 60);
    expect(rolloutTimeouts(prod, "storefront")).toEqual({
      rollout: budget,
      check: budget,
      jobDeadline: budget + 60,
      jobPulumi: budget + 120,
    });
  });

  test("the blue/green budget covers the preview's pods, its smoke check and the scale-down delay", () => {
    // The smoke Job: 3 requests × (3 attempts × 5 s + 2 × 1 s) + 60 s to start, + 10 s for Argo.
    const smoke = 3 * (3 * 5 + 2) + 60 + 10;
    expect(rolloutTimeouts(prod, "catalog-api")).toEqual({
      rollout: 660 + smoke,
      check: 660 + smoke,
      jobDeadline: 720 + smoke,
      jobPulumi: 780 + smoke,
    });
  });

  test("manual gates, both analyses and acceptance Jobs add to the budget", async () => {
    const e2e = { image: { repository: "ghcr.io/acme/e2e", tag: "1.0.0" }, command: ["run"], timeoutSeconds: 900 };
    const short = (name: string, acceptance: object) =>
      webApp({
        domains: [`${name}.example.com`],
        rolloutTimeoutSeconds: 300,
        strategy: { type: "canary", steps: [{ setWeight: 50 }, { analysis: {} }], acceptance },
      });
    const result = await render({
      environment: "prod",
      apps: {
        bg: webApp({
          domains: ["bg.example.com"],
          strategy: {
            type: "blueGreen",
            autoPromotion: false,
            approvalTimeoutSeconds: 1800,
            prePromotionAnalysis: true,
            postPromotionAnalysis: true,
          },
        }),
        canary: webApp({
          domains: ["c.example.com"],
          rolloutTimeoutSeconds: 300,
          strategy: {
            type: "canary",
            steps: [{ setWeight: 50 }, { pause: {} }, { analysis: {} }],
            approvalTimeoutSeconds: 900,
            analysis: { interval: "30s", count: 4, initialDelay: "10s" },
          },
        }),
        slow: short("slow", { tests: { e2e } }),
        off: short("off", { smoke: false }),
      },
    });
    expect(rolloutTimeouts(result, "bg").check).toBe(600 + 2 * (30 + 5 * 60) + 30 + 1800);
    expect(rolloutTimeouts(result, "canary").check).toBe(2 * 300 + 900 + (10 + 4 * 30));
    // An analysis step lasts as long as the slower of its KPIs and its acceptance Jobs (run side by side).
    expect(rolloutTimeouts(result, "slow").check).toBe(2 * 300 + (900 + 60 + 10));
    expect(rolloutTimeouts(result, "off").check).toBe(2 * 300 + (30 + 5 * 60));
  });

  test("each release gets its own check; an unchanged release keeps its check", async () => {
    const app = (env: Record<string, string>) => ({
      environment: "prod",
      apps: { shop: webApp({ domains: ["s.example.com"], env, strategy: { type: "canary" } }) },
    });
    const name = async (env: Record<string, string>) =>
      at(checkJob(await render(app(env)), "shop").inputs, "metadata.name");
    const first = await name({ LEVEL: "info" });
    expect(first).toMatch(/^shop-rollout-check-[0-9a-f]{10}$/);
    expect(await name({ LEVEL: "info" })).toBe(first);
    expect(await name({ LEVEL: "debug" })).not.toBe(first);
  });

  test("the check may only read the app's rollout state", () => {
    const role = find(prod, T.role, "storefront-rollout-check");
    expect(at(role.inputs, "metadata.namespace")).toBe("storefront");
    for (const rule of at(role.inputs, "rules")) expect(rule.verbs).toEqual(["get", "list", "watch"]);
  });
});
