/**
 * A small render directory as `npm run render` writes it (resources.json, outputs.json, policy.json),
 * made by hand so page tests need no render: apps with the given names, each an App component owning
 * one Rollout and one ConfigMap.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Verdict } from "../../tools/harness/policy-eval";
import { tempDir } from "./temp-dir";

/** A digest the mock engine invented (tools/harness/mock-digests.ts: sixteen zeros first). */
export const INVENTED = `sha256:${"0".repeat(16)}${"c".repeat(48)}`;

export function renderDir(apps: string[], verdicts: Verdict[] = []): string {
  const dir = tempDir("slipway-render-");
  const urn = (type: string, name: string) => `urn:pulumi:prod::slipway::${type}::${name}`;
  const platform = {
    urn: urn("slipway:platform:Platform", "platform"),
    type: "slipway:platform:Platform",
    name: "platform",
    inputs: {},
  };
  const resources: unknown[] = [
    platform,
    {
      urn: urn("kubernetes:core/v1:Namespace", "slipway-router"),
      type: "kubernetes:core/v1:Namespace",
      name: "slipway-router",
      parent: platform.urn,
      inputs: {},
    },
  ];
  for (const app of apps) {
    const component = urn("slipway:app:App", app);
    resources.push({ urn: component, type: "slipway:app:App", name: app, inputs: {} });
    for (const [type, name] of [
      ["kubernetes:argoproj.io/v1alpha1:Rollout", `${app}-web`],
      ["kubernetes:core/v1:ConfigMap", `${app}-config`],
    ]) {
      resources.push({ urn: urn(type, name), type, name, parent: component, inputs: {} });
    }
  }
  const outputs = {
    // One cited digest (Traefik 3.6.0's, components/platform/services/router.ts) and one the mock invented.
    platformImages: {
      router: {
        traefik: "docker.io/traefik:3.6.0@sha256:18112aed2bfe3dfb8534f1045622390c3316596cff0cefab64f44e43d23e1640",
      },
      rollouts: { controller: `quay.io/argoproj/argo-rollouts:v1.9.0@${INVENTED}` },
    },
    apps: Object.fromEntries(
      apps.map((app) => [app, { namespace: app, workloads: [`${app}-web`], configMap: `${app}-config-1` }]),
    ),
    releaseHistory: Object.fromEntries(
      apps.map((app) => [
        app,
        [
          {
            config: { name: `${app}-config-2`, resource: `${app}-config` },
            image: `ghcr.io/acme/${app}@sha256:${"b".repeat(64)}`,
            version: "1.1.0",
          },
          {
            config: { name: `${app}-config-1`, resource: `${app}-config-1` },
            image: `ghcr.io/acme/${app}@sha256:${"a".repeat(64)}`,
            version: "1.0.0",
          },
        ],
      ]),
    ),
  };
  const policy = {
    stack: "prod",
    environment: "prod",
    pack: "slipway-guardrails",
    config: "policy/config/prod.json",
    mandatory: verdicts.filter((v) => v.enforcement === "mandatory").length,
    advisory: verdicts.filter((v) => v.enforcement === "advisory").length,
    verdicts,
    notEvaluated: {
      opaqueInstalls: [
        {
          name: "traefik",
          type: "kubernetes:helm.sh/v4:Chart",
          chart: "traefik",
          version: "37.3.0",
          namespace: "slipway-router",
          objectsSeenBy: "a real `pulumi preview`",
        },
      ],
      runtimeObjects: [
        { kind: "Rollout", count: apps.length, creates: "ReplicaSets, Pods and AnalysisRuns (Argo Rollouts)" },
      ],
    },
  };
  writeFileSync(join(dir, "resources.json"), JSON.stringify(resources));
  writeFileSync(join(dir, "outputs.json"), JSON.stringify(outputs));
  writeFileSync(join(dir, "policy.json"), JSON.stringify(policy));
  return dir;
}
