/**
 * Release notifications: a stack's webhook reaches each Rollout through its own namespace's Argo
 * Rollouts notification config, the URL only ever as a Pulumi secret; config mistakes by key.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import type { RenderResult } from "../../tools/harness/render-stack";
import { at, find, ofType, rejected, render, T, webApp } from "../support/stack";

const HELM_RELEASE = "kubernetes:helm.sh/v3:Release";
const URL = "https://hooks.slack.example/services/T000/B000/team-a-secret";
const blueGreen = { type: "blueGreen" };
const stack = (
  notifications: Record<string, unknown> | undefined,
  rollouts: Record<string, unknown> = { notifications: true },
) => ({
  environment: "dev",
  platform: { rollouts },
  apps: {
    api: webApp({ strategy: blueGreen }),
    jobs: webApp({ processes: { worker: { command: ["bin/worker"] } } }),
  },
  secrets: { api: { SLACK_WEBHOOK_URL: URL, DATABASE_URL: "postgres://api" } },
  ...(notifications ? { notifications } : {}),
});

/** Every registration whose inputs hold the webhook's URL, with the paths that are secret in it. */
const holdersOf = (result: RenderResult) =>
  result.resources
    .filter((resource) => JSON.stringify(resource).includes("team-a-secret"))
    .map((resource) => [resource.type, resource.name, resource.secretPaths]);

describe("release notifications", () => {
  test("the Rollout subscribes to every event, and its namespace holds the service, templates, triggers and secret", async () => {
    const result = await render(stack({ webhook: "api.SLACK_WEBHOOK_URL" }));
    expect(result.schemaProblems).toEqual([]);
    const annotations = at(find(result, T.rollout, "api-web").inputs, "metadata.annotations");
    // The triggers the controller fires for RolloutUpdated, RolloutCompleted, RolloutAborted, AnalysisRunFailed.
    expect(Object.keys(annotations).sort()).toEqual([
      "notifications.argoproj.io/subscribe.on-analysis-run-failed.slipway",
      "notifications.argoproj.io/subscribe.on-rollout-aborted.slipway",
      "notifications.argoproj.io/subscribe.on-rollout-completed.slipway",
      "notifications.argoproj.io/subscribe.on-rollout-updated.slipway",
      "pulumi.com/waitFor",
    ]);
    const configMap = find(result, T.configMap, "api-notifications").inputs;
    expect(at(configMap, "metadata")).toMatchObject({ name: "argo-rollouts-notification-configmap", namespace: "api" });
    const data = at(configMap, "data") as Record<string, string>;
    expect(parse(data["service.webhook.slipway"])).toEqual({
      url: "$webhook-url",
      headers: [{ name: "Content-Type", value: "application/json" }],
    });
    expect(parse(data["trigger.on-rollout-aborted"])).toEqual([{ send: ["slipway-aborted"] }]);
    const template = parse(data["template.slipway-aborted"]).webhook.slipway;
    expect(template.method).toBe("POST");
    expect(JSON.parse(template.body).text).toContain("test/api: release aborted");

    const secret = find(result, T.secret, "api-notification-secret");
    expect(at(secret.inputs, "metadata")).toMatchObject({
      name: "argo-rollouts-notification-secret",
      namespace: "api",
    });
    expect(secret.secretPaths).toContainEqual(["stringData"]);
    expect(at(secret.inputs, "stringData")).toEqual({ "webhook-url": URL });
    // The URL is only in the notification Secret's secret stringData: not in the app's env Secret
    // (its pods never hold it), the ConfigMap, annotations, names or outputs.
    expect(holdersOf(result)).toEqual([[T.secret, "api-notification-secret", [["stringData"]]]]);
    expect(Object.keys(at(find(result, T.secret, "api-secrets").inputs, "stringData"))).toEqual(["DATABASE_URL"]);
    expect(JSON.stringify(result.outputs)).not.toContain("team-a-secret");
    // A Deployment-only app has no Rollout to report: nothing in its namespace.
    expect(
      ofType(result, T.configMap)
        .filter((c) => at(c.inputs, "metadata.namespace") === "jobs")
        .map((c) => c.name),
    ).not.toContain("jobs-notifications");
  });

  test("a webhook kept among another app's secrets reaches only the notification Secret: that app gets no env Secret for it", async () => {
    const result = await render({
      ...stack({ webhook: "jobs.RELEASES_WEBHOOK" }),
      secrets: { jobs: { RELEASES_WEBHOOK: URL } },
    });
    expect(holdersOf(result)).toEqual([[T.secret, "api-notification-secret", [["stringData"]]]]);
    expect(ofType(result, T.secret).map((secret) => secret.name)).not.toContain("jobs-secrets");
    const worker = at(find(result, T.deployment, "jobs-worker").inputs, "spec.template.spec.containers")[0];
    expect(JSON.stringify(worker.envFrom ?? [])).not.toContain("secretRef");
  });

  test("events pick the subscriptions; the controller reads the apps' namespaces only when asked", async () => {
    const result = await render(stack({ webhook: "api.SLACK_WEBHOOK_URL", events: ["aborted", "failed"] }));
    const annotations = Object.keys(at(find(result, T.rollout, "api-web").inputs, "metadata.annotations")).sort();
    expect(annotations).toEqual([
      "notifications.argoproj.io/subscribe.on-analysis-run-failed.slipway",
      "notifications.argoproj.io/subscribe.on-rollout-aborted.slipway",
      "pulumi.com/waitFor",
    ]);
    const values = at(find(result, HELM_RELEASE, "argo-rollouts").inputs, "values");
    expect(values.controller.extraArgs).toEqual(["--self-service-notification-enabled"]);
    const off = await render({ ...stack(undefined, {}), secrets: {} });
    expect(at(find(off, HELM_RELEASE, "argo-rollouts").inputs, "values").controller.extraArgs).toBeUndefined();
    expect(ofType(off, T.configMap).map((c) => c.name)).not.toContain("api-notifications");
  });

  test("the pinned chart takes the controller flag under controller.extraArgs (empty by default) and makes no notification Secret", () => {
    const values = parse(
      readFileSync(join(__dirname, "../../../shared/upstream/charts/argo-rollouts-2.41.0/values.yaml"), "utf8"),
    );
    expect(values.controller.extraArgs).toEqual([]);
    expect(values.notifications.configmap.create).toBe(true);
    expect(values.notifications.secret.create).toBe(false);
  });

  test("mistakes are named by key, all at once, before anything is registered", async () => {
    const { messages, registered } = await rejected(stack({ webhook: "api.NO_SUCH", events: ["deployed"] }, {}));
    expect(registered).toHaveLength(0);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining("slipway:notifications.events[0]: expected one of started, promoted, aborted, failed"),
      ]),
    );
    const second = await rejected(stack({ webhook: "api.NO_SUCH" }, {}));
    expect(second.messages).toEqual(
      expect.arrayContaining([
        "slipway:notifications.webhook: names slipway:secrets.api.NO_SUCH, which the stack does not hold; set it with pulumi config set --secret --path 'slipway:secrets.api.NO_SUCH' <url>",
        "slipway:notifications: needs slipway:platform.rollouts.notifications: true (the controller then reads each app namespace's notification config)",
      ]),
    );
    const third = await rejected(stack({ webhook: "https://hooks.slack.example/x" }));
    expect(third.messages.join("\n")).toContain(
      "slipway:notifications.webhook: expected <app>.<NAME>: the secret under slipway:secrets that holds the webhook's URL",
    );
    expect(third.messages.join("\n")).not.toContain("hooks.slack.example");
  });
});
