import { mandatory } from "../../tools/harness/policy-eval";
import { policyReport } from "../../tools/harness/policy-report";
import { unseenByRender } from "../../tools/harness/unseen";
import { find, render, T, webApp } from "../support/stack";

const singleReplica = (environment: string) => ({ environment, apps: { web: webApp({ replicas: 1 }) } });

describe("policies in the render", () => {
  test("a prod stack with one replica has mandatory violations naming the Deployment", async () => {
    const result = await render(singleReplica("prod"));
    const deployment = find(result, T.deployment, "web-web");
    expect(mandatory(result.verdicts)).toEqual([
      {
        policy: "prod-high-availability",
        enforcement: "mandatory",
        urn: deployment.urn,
        message: "Deployment web/web-web: replicas is 1, expected ≥ 2",
      },
      {
        policy: "prod-high-availability",
        enforcement: "mandatory",
        urn: deployment.urn,
        message: "Deployment web/web-web: no PodDisruptionBudget selects its pods",
      },
    ]);
  });

  test("the same app in dev passes (high availability is a prod rule)", async () => {
    const result = await render(singleReplica("dev"));
    expect(result.environment).toBe("dev");
    expect(result.verdicts).toEqual([]);
  });

  test("policy.json records the stack, its environment, the config used and the counts", async () => {
    const result = await render(singleReplica("prod"));
    const unseen = unseenByRender(result.resources, result.objects);
    const report = JSON.parse(policyReport("test", result.environment, result.verdicts, unseen));
    expect(report).toMatchObject({
      stack: "test",
      environment: "prod",
      config: "policy/config/prod.json",
      mandatory: 2,
      advisory: 0,
    });
    expect(report.verdicts).toHaveLength(2);
    expect(report.notEvaluated).toEqual(unseen);
  });

  test("the mock engine records property dependencies, which stack policies match resources by", async () => {
    const result = await render(singleReplica("dev"));
    const namespace = find(result, T.namespace, "web-ns");
    expect(find(result, T.deployment, "web-web").propertyDependencies.metadata).toContain(namespace.urn);
  });
});
