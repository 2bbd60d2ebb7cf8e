/**
 * Extra chart values (`slipway:platform.<service>.values`): layered over Slipway's as Helm layers
 * values files, pure data, and refused by key where they would write over a value Slipway guards.
 */
import * as pulumi from "@pulumi/pulumi";
import { CHART_RAILS } from "../../config/services";
import { mergeChartValues } from "../../config/chart-values";
import { parseStackConfig } from "../../config/stack";
import { eksCluster } from "../support/aws";
import { rejected, type ConfigObject } from "../support/stack";
import { platformStack } from "../support/platform";

function problems(platform: ConfigObject, environment = "prod"): string[] {
  const result = parseStackConfig({ environment, cluster: eksCluster(), platform });
  return result.ok ? [] : result.problems.map((p) => `${p.key}: ${p.message}`);
}

describe("layered over Slipway's values as Helm layers a second values file", () => {
  // Helm's documented rules (helm.sh/docs/chart_template_guide/values_files: "Deleting a default
  // key"; helm install --help: the last of several -f files wins): maps merge key by key, lists and
  // scalars are replaced whole, and null is kept so that Helm drops the key and the chart's default.
  test("maps merge, lists and scalars are replaced, null is kept, dotted keys are one key", () => {
    const slipway = {
      replicas: 2,
      args: ["--kubelet-insecure-tls", "--metric-resolution=15s"],
      service: { type: "LoadBalancer", annotations: { "service.beta.kubernetes.io/aws-load-balancer-type": "nlb" } },
      global: { checkNewVersion: false, sendAnonymousUsage: false },
      ports: { web: { port: 8000 } },
      logs: "json",
    };
    const extra = {
      args: ["--v=4"],
      service: { annotations: { "example.com/team": "edge" } },
      global: { checkNewVersion: null },
      ports: "none",
      logs: { general: { level: "DEBUG" } },
      "deployment.podLabels": { a: "b" },
    };
    expect(mergeChartValues(slipway, extra)).toEqual({
      replicas: 2,
      args: ["--v=4"],
      service: {
        type: "LoadBalancer",
        annotations: { "service.beta.kubernetes.io/aws-load-balancer-type": "nlb", "example.com/team": "edge" },
      },
      global: { checkNewVersion: null, sendAnonymousUsage: false },
      ports: "none",
      logs: { general: { level: "DEBUG" } },
      "deployment.podLabels": { a: "b" },
    });
    // Neither layer is changed: the same config gives the same values on every run.
    expect(slipway.global).toEqual({ checkNewVersion: false, sendAnonymousUsage: false });
    expect(extra.service).toEqual({ annotations: { "example.com/team": "edge" } });
  });

  test("a value Slipway only knows at deploy time is replaced, not merged into", () => {
    const region = pulumi.output("eu-west-1");
    expect(mergeChartValues({ env: { region } }, { env: { region: { name: "x" } } })).toEqual({
      env: { region: { name: "x" } },
    });
  });
});

describe("refused by key", () => {
  test("a value inside a guard-rail names the key, the guard-rail and where Slipway sets it", () => {
    expect(problems({ router: { values: { securityContext: { runAsUser: 0 } } } })).toEqual([
      "slipway:platform.router.values.securityContext.runAsUser: would undo a guard-rail Slipway sets: traefik's securityContext holds the restricted container context: non-root, no privilege escalation, no capabilities, read-only root, seccomp (set in components/platform/services/router.ts); it cannot be overridden",
    ]);
  });

  test("a value Slipway derives from a typed setting points to that setting", () => {
    expect(problems({ router: { values: { deployment: { replicas: 3 } } } })).toEqual([
      expect.stringMatching(
        /^slipway:platform\.router\.values\.deployment\.replicas: would undo a guard-rail Slipway sets: traefik's deployment\.replicas holds the replica count .*; it follows slipway:platform\.router\.replicas: set that instead$/,
      ),
    ]);
    expect(problems({ certManager: { values: { prometheus: { servicemonitor: { enabled: true } } } } })).toEqual([
      expect.stringMatching(
        /would override a value Slipway manages: .*it follows slipway:platform\.monitoring\.enabled/,
      ),
    ]);
  });

  test("null or a scalar over a map that holds guard-rails is refused at that map", () => {
    expect(problems({ certManager: { values: { webhook: null } } })).toEqual([
      expect.stringMatching(
        /^slipway:platform\.certManager\.values\.webhook: would undo .*webhook\.replicaCount.*, and 6 more such values under this key; /,
      ),
    ]);
    expect(problems({ metricsServer: { values: { podDisruptionBudget: false } } })).toHaveLength(1);
  });

  test("a key holding dots is named as pulumi config --path takes it", () => {
    const annotation = { "eks.amazonaws.com/role-arn": "arn:aws:iam::111122223333:role/other" };
    expect(problems({ externalDns: { values: { serviceAccount: { annotations: annotation } } } })).toEqual([
      expect.stringMatching(
        /^slipway:platform\.externalDns\.values\.serviceAccount\.annotations\["eks\.amazonaws\.com\/role-arn"\]: would undo a guard-rail Slipway sets: external-dns's serviceAccount\.annotations holds the service account its IRSA role trusts/,
      ),
    ]);
  });

  test("values beside the guard-rails are accepted; an empty map over one is not (it replaces a list)", () => {
    const values = {
      deployment: { podAnnotations: { "example.com/team": "edge" } },
      logs: { general: { level: "DEBUG" } },
      "securityContext.runAsUser": 0,
    };
    expect(problems({ router: { values } })).toEqual([]);
    // external-dns's --zone-id-filter arguments are a list: {} would replace them.
    expect(problems({ externalDns: { values: { extraArgs: {} } } })).toEqual([
      expect.stringMatching(
        /^slipway:platform\.externalDns\.values\.extraArgs: would override a value Slipway manages: /,
      ),
    ]);
  });

  test("every service with a chart takes values, and only data", () => {
    for (const service of Object.keys(CHART_RAILS))
      expect([service, problems({ [service]: { values: { extra: [1, "two", true, null, { three: 3 }] } } })]).toEqual([
        service,
        [],
      ]);
    expect(problems({ router: { values: { a: { b: () => 1 } } } })).toEqual([
      "slipway:platform.router.values.a.b: expected JSON data (a string, finite number, boolean, null, list or map), got a function",
    ]);
    expect(problems({ router: { values: { a: [Infinity] } } })).toEqual([
      "slipway:platform.router.values.a[0]: expected JSON data (a string, finite number, boolean, null, list or map), got Infinity",
    ]);
    expect(problems({ router: { values: ["replicas: 3"] } })).toEqual([
      expect.stringMatching(
        /^slipway:platform\.router\.values: expected a map of chart values, as in a Helm values file/,
      ),
    ]);
    expect(problems({ gateway: { values: {} } })).toEqual([
      expect.stringMatching(/^slipway:platform\.gateway\.values: unknown key/),
    ]);
  });

  test("before any resource is registered", async () => {
    const { messages, registered } = await rejected(
      platformStack({ rollouts: { values: { controller: { resources: { limits: null } } } } }),
    );
    expect(messages).toEqual([
      expect.stringMatching(
        /^slipway:platform\.rollouts\.values\.controller\.resources\.limits: would undo a guard-rail Slipway sets: argo-rollouts's controller\.resources holds CPU and memory requests and limits \(k8s-resources-set\) \(set in components\/platform\/services\/rollouts\.ts\); it follows slipway:platform\.rollouts\.resources: set that instead$/,
      ),
    ]);
    expect(registered).toEqual([]);
  });
});
