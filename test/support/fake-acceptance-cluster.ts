/**
 * A fake Kubernetes API for the review tool's acceptance Jobs (tools/review/acceptance-kube-api.ts
 * over KubeRequests): AnalysisTemplates per namespace, and Jobs that end as each check's scripted
 * behaviour says (complete, fail, exceed their deadline, or never start for want of their image).
 * Every request is recorded, so tests see what was created and deleted.
 */
import type { KubeRequests } from "../../tools/rollout-control/kube-api";
import type { AnalysisTemplate } from "../../tools/review/ports";

export type Behaviour = "pass" | "fail" | "deadline" | "stuck";

/** A Slipway acceptance template's Job metric (components/app/acceptance.ts's shape), one per check. */
function jobMetric(name: string, image: string, command: string[], deadlineSeconds: number) {
  return {
    name,
    provider: {
      job: {
        metadata: { labels: { "app.kubernetes.io/component": "acceptance" } },
        spec: {
          backoffLimit: 0,
          activeDeadlineSeconds: deadlineSeconds,
          ttlSecondsAfterFinished: 3600,
          template: {
            metadata: { labels: { "app.kubernetes.io/component": "acceptance" } },
            spec: {
              restartPolicy: "Never",
              automountServiceAccountToken: false,
              securityContext: { runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: "RuntimeDefault" } },
              containers: [
                {
                  name,
                  image,
                  command,
                  env: [{ name: "SLIPWAY_TARGET_URL", value: "http://storefront-preview.ns.svc.cluster.local:80" }],
                  securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true },
                },
              ],
            },
          },
        },
      },
    },
  };
}

export class FakeAcceptanceCluster implements KubeRequests {
  readonly requests: string[] = [];
  readonly created: any[] = [];
  /** Polls of each Job before it ends. */
  polls = 2;
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly templates: Record<string, AnalysisTemplate[]>,
    private readonly behaviour: Record<string, Behaviour>,
    private readonly log: string[] = ["running checks", "FAIL: cart total is 0"],
  ) {}

  private behaviourOf(job: string): Behaviour {
    const created = this.created.find((j) => j.metadata.name === job);
    return this.behaviour[created?.spec.template.spec.containers[0].name] ?? "pass";
  }

  json(method: string, path: string, body?: { text: string }): Promise<unknown> {
    this.requests.push(`${method} ${path}`);
    const [, namespace] = /namespaces\/([^/]+)/.exec(path) ?? [];
    if (path.endsWith("/analysistemplates")) return Promise.resolve({ items: this.templates[namespace] ?? [] });
    if (method === "POST") {
      this.created.push(JSON.parse(body!.text));
      return Promise.resolve({});
    }
    if (method === "DELETE") return Promise.resolve({});
    const job = /jobs\/([^/?]+)/.exec(path)?.[1] ?? decodeURIComponent(path).split("job-name=")[1];
    const behaviour = this.behaviourOf(job);
    if (path.includes("/pods?")) {
      const waiting = behaviour === "stuck" ? { waiting: { reason: "ErrImagePull" } } : { running: {} };
      return Promise.resolve({
        items: [{ metadata: { name: `${job}-x1` }, status: { containerStatuses: [{ state: waiting }] } }],
      });
    }
    const polls = (this.seen.get(job) ?? 0) + 1;
    this.seen.set(job, polls);
    if (polls < this.polls || behaviour === "stuck") return Promise.resolve({ status: {} });
    const condition =
      behaviour === "pass"
        ? { type: "Complete", status: "True" }
        : {
            type: "Failed",
            status: "True",
            reason: behaviour === "deadline" ? "DeadlineExceeded" : "BackoffLimitExceeded",
          };
    return Promise.resolve({ status: { conditions: [condition] } });
  }

  stream(path: string, write: (chunk: string) => void): Promise<void> {
    this.requests.push(`GET ${path}`);
    write(this.log.map((line) => `${line}\n`).join(""));
    return Promise.resolve();
  }
}

/** The test image the examples' storefront copy runs, by digest as the program resolves it. */
export const E2E_IMAGE = "ghcr.io/acme/storefront-e2e@sha256:" + "e".repeat(64);

/** Slot 1's storefront copy with the smoke check and one test, `e2e`, as its preview acceptance template. */
export function storefrontTemplates(): Record<string, AnalysisTemplate[]> {
  const smoke = jobMetric("smoke", "curlimages/curl@sha256:" + "c".repeat(64), ["sh", "-c", "curl …"], 75);
  const e2e = jobMetric("test-e2e", E2E_IMAGE, ["npm", "run", "e2e"], 360);
  const kpi = { name: "error-rate", provider: {} };
  return {
    "rv-shop-1-storefront": [
      { metadata: { name: "rv-shop-1-storefront-preview-acceptance" }, spec: { metrics: [smoke, e2e] } },
      { metadata: { name: "rv-shop-1-storefront-active-analysis" }, spec: { metrics: [kpi] } },
    ],
  };
}
