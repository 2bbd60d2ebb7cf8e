import { ConfigError } from "../../config/errors";
import { parseStackConfig } from "../../config/stack";
import { render, webApp } from "../support/stack";

const routed = { domains: ["shop.example.com"] };

/** Every problem reported for one app's config, as `key: message`. */
function problems(app: Record<string, unknown>): string[] {
  const result = parseStackConfig({ environment: "prod", apps: { web: webApp(app) } });
  return result.ok ? [] : result.problems.map((p) => `${p.key}: ${p.message}`);
}

const canary = (steps: unknown[], extra: Record<string, unknown> = {}) => ({
  ...routed,
  strategy: { type: "canary", steps, ...extra },
});

describe("strategy config", () => {
  test.each([
    [
      "weights that do not increase",
      canary([{ setWeight: 20 }, { analysis: {} }, { setWeight: 20 }]),
      "slipway:apps.web.strategy.steps[2].setWeight: expected a weight above the previous one (20)",
    ],
    [
      "a weight above 100",
      canary([{ setWeight: 101 }, { analysis: {} }]),
      "slipway:apps.web.strategy.steps[0].setWeight: expected an integer from 1 to 100",
    ],
    [
      "a weight of 0",
      canary([{ setWeight: 0 }, { analysis: {} }]),
      "slipway:apps.web.strategy.steps[0].setWeight: expected an integer from 1 to 100",
    ],
    [
      "a step that does two things",
      canary([{ setWeight: 10, pause: {} }, { analysis: {} }]),
      "slipway:apps.web.strategy.steps[0]: expected exactly one of setWeight, pause, analysis",
    ],
    [
      "an analysis before any traffic",
      canary([{ analysis: {} }, { setWeight: 10 }]),
      "slipway:apps.web.strategy.steps[0].analysis: expected a setWeight step before it",
    ],
    [
      "a canary nothing can abort",
      canary([{ setWeight: 10 }, { pause: { duration: "1m" } }]),
      "slipway:apps.web.strategy.steps: expected at least one analysis step",
    ],
    [
      "a malformed duration",
      canary([{ setWeight: 10 }, { pause: { duration: "ten minutes" } }, { analysis: {} }]),
      "slipway:apps.web.strategy.steps[1].pause.duration: expected a duration such as 30s, 5m or 1h",
    ],
    [
      "a failure limit no run can exceed",
      canary([{ setWeight: 10 }, { analysis: {} }], { analysis: { count: 3, failureLimit: 3 } }),
      "slipway:apps.web.strategy.analysis.failureLimit: expected fewer than count (3)",
    ],
    [
      "an error rate above 1",
      canary([{ setWeight: 10 }, { analysis: {} }], { analysis: { maxErrorRate: 5 } }),
      "slipway:apps.web.strategy.analysis.maxErrorRate: expected a number from 0 to 1",
    ],
    [
      "a key of another strategy",
      { strategy: { type: "rolling", steps: [{ setWeight: 10 }] } },
      "slipway:apps.web.strategy.steps: applies only to type canary (type is rolling)",
    ],
    [
      "a blue/green key on a canary",
      canary([{ setWeight: 10 }, { analysis: {} }], { autoPromotion: false }),
      "slipway:apps.web.strategy.autoPromotion: applies only to type blueGreen (type is canary)",
    ],
    [
      "an unknown type",
      { strategy: { type: "linear" } },
      "slipway:apps.web.strategy.type: expected one of rolling, blueGreen, canary",
    ],
    [
      "a misspelt key",
      { ...routed, strategy: { type: "canary", step: [] } },
      'slipway:apps.web.strategy.step: unknown key (did you mean "steps"?)',
    ],
    [
      "a canary without a route",
      { strategy: { type: "canary" } },
      "slipway:apps.web.strategy.type: expected a routable app with domains",
    ],
    [
      "a preview analysis without a route",
      { strategy: { type: "blueGreen", prePromotionAnalysis: true } },
      "slipway:apps.web.strategy.prePromotionAnalysis: expected a routable app with domains",
    ],
    [
      "a strategy for an app without web",
      { processes: { worker: { command: ["bin/worker"] } }, strategy: { type: "blueGreen" } },
      "slipway:apps.web.strategy.type: expected a web process",
    ],
    [
      "a promotion delay with manual promotion",
      { strategy: { type: "blueGreen", autoPromotion: false, autoPromotionSeconds: 60 } },
      "slipway:apps.web.strategy.autoPromotionSeconds: expected autoPromotion: true",
    ],
    [
      "an approval timeout with nothing to approve",
      { strategy: { type: "blueGreen", approvalTimeoutSeconds: 600 } },
      "slipway:apps.web.strategy.approvalTimeoutSeconds: is not used: no step waits for a manual promotion",
    ],
    [
      "analysis thresholds no analysis uses",
      { strategy: { type: "blueGreen", analysis: { maxP99Ms: 300 } } },
      "slipway:apps.web.strategy.analysis: is not used: set prePromotionAnalysis or postPromotionAnalysis",
    ],
    [
      "a smoke check that is neither on, off nor tuned",
      { strategy: { type: "blueGreen", acceptance: { smoke: "yes" } } },
      "slipway:apps.web.strategy.acceptance.smoke: expected true, false or { paths, statuses, requests }",
    ],
    [
      "a smoke path the shell would have to quote",
      { strategy: { type: "blueGreen", acceptance: { smoke: { paths: ["/a'b"] } } } },
      "slipway:apps.web.strategy.acceptance.smoke.paths[0]: expected an HTTP path starting with / (letters, digits and -._~%!&()*+,;=:@/? only; no spaces or quotes)",
    ],
    [
      "a smoke check sending too many requests",
      { strategy: { type: "blueGreen", acceptance: { smoke: { requests: 50 } } } },
      "slipway:apps.web.strategy.acceptance.smoke.requests: expected an integer from 1 to 10",
    ],
    [
      "an acceptance test on a floating tag",
      {
        strategy: {
          type: "blueGreen",
          acceptance: { tests: { e2e: { image: { repository: "e2e", tag: "latest" }, command: ["run"] } } },
        },
      },
      'slipway:apps.web.strategy.acceptance.tests.e2e.image.tag: expected a pinned tag: "latest" is not allowed',
    ],
    [
      "an acceptance test without its own repository",
      {
        strategy: { type: "blueGreen", acceptance: { tests: { e2e: { image: { tag: "1.0.0" }, command: ["run"] } } } },
      },
      "slipway:apps.web.strategy.acceptance.tests.e2e.image: expected a repository for the test image",
    ],
    [
      "acceptance checks on a rolling app (no Rollout runs them)",
      { strategy: { type: "rolling", acceptance: { smoke: true } } },
      "slipway:apps.web.strategy.acceptance: applies only to type canary or blueGreen (type is rolling)",
    ],
    [
      "no previous release kept",
      { releaseHistory: 0 },
      "slipway:apps.web.releaseHistory: expected an integer from 1 to 20",
    ],
  ])("%s is reported with its key", (_, app, expected) => {
    expect(problems(app)).toEqual(expect.arrayContaining([expect.stringContaining(expected)]));
  });

  test("defaults: rolling, and a canary without steps gets analysed steps", () => {
    const parsed = parseStackConfig({
      environment: "prod",
      apps: { a: webApp(), b: webApp({ ...routed, strategy: { type: "canary" } }) },
    });
    if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join("; "));
    expect(parsed.config.apps.a.strategy).toEqual({ type: "rolling" });
    const b = parsed.config.apps.b.strategy;
    // Every progressive app is smoke-tested unless it opts out; paths and statuses follow its healthcheck.
    expect(b.type === "canary" && b.acceptance).toEqual({ smoke: { enabled: true, requests: 3 }, tests: {} });
    expect(b.type === "canary" && b.steps.filter((s) => "analysis" in s)).toHaveLength(2);
    expect(b.type === "canary" && b.analysis).toMatchObject({
      maxErrorRate: 0.01,
      maxP99Ms: 1000,
      count: 5,
      failureLimit: 1,
      inconclusiveLimit: 1,
    });
  });

  test("a bad strategy stops the program before any resource is registered", async () => {
    await expect(
      render({ environment: "prod", apps: { web: webApp({ strategy: { type: "canary" } }) } }),
    ).rejects.toThrow(ConfigError);
  });
});
