/**
 * `npm run review -- up` on the committed layered example, with every port faked: the backend
 * (fake-review-backend.ts), HTTP for the smoke checks, and the cluster the acceptance Jobs run in
 * (fake-acceptance-cluster.ts, behind the real Kubernetes calls of tools/review/acceptance-kube-api.ts).
 */
import { acceptanceJobsApi } from "../../tools/review/acceptance-kube-api";
import type { HttpGet } from "../../tools/review/ports";
import { runReviewUp } from "../../tools/review/up-run";
import type { ClusterAccess } from "../../tools/rollout-control/ports";
import { FakeAcceptanceCluster } from "./fake-acceptance-cluster";
import { captured, FakeBackend, reviewProject, type FakeStack } from "./fake-review-backend";

const NOW = new Date("2026-12-07T09:00:00Z");

export function reviewUpSetup(
  stacks: Record<string, FakeStack> = {},
  get: HttpGet = () => Promise.resolve(200),
  upOutput = "",
  cluster = new FakeAcceptanceCluster({}, {}),
) {
  const dir = reviewProject();
  const backend = new FakeBackend(dir, new Map(Object.entries(stacks)), upOutput);
  const out = captured();
  const requested: string[] = [];
  const sleeps: number[] = [];
  const connected: ClusterAccess[] = [];
  const deps = {
    workspace: backend,
    out,
    now: () => NOW,
    get: (url: string) => (requested.push(url), get(url)),
    waiting: { attempts: 3, intervalMs: 10, sleep: (ms: number) => (sleeps.push(ms), Promise.resolve()) },
    connect: (access: ClusterAccess) => (connected.push(access), acceptanceJobsApi(cluster, () => Promise.resolve())),
    runId: () => "a1b2c3",
  };
  const up = (pr = 42) => runReviewUp({ source: "shop-staging", pr, changes: { paths: [] }, policy: {} }, deps);
  return { dir, backend, out, requested, sleeps, connected, cluster, up };
}
