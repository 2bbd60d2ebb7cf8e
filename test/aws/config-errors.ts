/** Bad infrastructure config is refused by key before anything is registered, every problem at once. */
import { eksCluster } from "../support/aws";
import { rejected } from "../support/stack";
import { BAD_APP_CONFIG } from "./bad-app-config";
import { BAD_CLUSTER_CONFIG } from "./bad-cluster-config";

const cases = [...BAD_CLUSTER_CONFIG, ...BAD_APP_CONFIG];

describe("bad infrastructure config", () => {
  test.each(cases)("%s: names %s and registers nothing", async (_case, key, fragment, config) => {
    const { messages, registered } = await rejected(config);
    const problem = messages.find((m) => m.startsWith(`${key}: `));
    expect({ problem, messages }).toEqual({ problem: expect.stringContaining(fragment), messages });
    expect(registered).toEqual([]);
  });

  test("every problem across sections is reported at once", async () => {
    const { messages } = await rejected({
      environment: "prod",
      cluster: eksCluster({
        version: "latest",
        nodeGroups: { general: { instanceTypes: ["m7i.large"], min: 2, desired: 1, max: 3 } },
      }),
      registry: { untaggedExpiryDays: 0 },
      artifacts: { buckets: { Logs: {} } },
      apps: { web: { port: 8080 } },
    });
    expect(messages.map((m) => m.split(": ")[0]).sort()).toEqual([
      "slipway:apps.web.image",
      "slipway:artifacts.buckets.Logs",
      "slipway:cluster.nodeGroups.general.desired",
      "slipway:cluster.version",
      "slipway:registry.untaggedExpiryDays",
    ]);
  });
});
