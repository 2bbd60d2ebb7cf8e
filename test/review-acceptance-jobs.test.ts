/**
 * `npm run review -- up`'s acceptance Jobs, against a fake Kubernetes API behind the tool's real
 * requests (tools/review/acceptance-kube-api.ts): each Job metric of the templates the update applied
 * runs once per push in the copy's namespace, as the analysis would; pass, fail, deadline, an image
 * that cannot be pulled, no tests declared, and what is cleaned up.
 */
import { E2E_IMAGE, FakeAcceptanceCluster, storefrontTemplates } from "./support/fake-acceptance-cluster";
import { reviewUpSetup } from "./support/review-up-setup";

const NAMESPACE = "rv-shop-1-storefront";
const E2E_JOB = "test-e2e-pr42-a1b2c3";

function run(behaviour: Record<string, "pass" | "fail" | "deadline" | "stuck">, log?: string[]) {
  const cluster = new FakeAcceptanceCluster(storefrontTemplates(), behaviour, log);
  return reviewUpSetup({}, undefined, "", cluster);
}

test("each Job metric becomes one Job in the copy's namespace: the metric's own spec, named per pull request and push", async () => {
  const { cluster, connected, up } = run({});
  expect((await up()).code).toBe(0);
  // The cluster the stack exported: its kubeconfig.
  expect(connected).toEqual([{ kubeconfig: "apiVersion: v1\nkind: Config\n" }]);
  const [, metric] = storefrontTemplates()[NAMESPACE][0].spec.metrics;
  expect(cluster.created.map((job) => [job.metadata.namespace, job.metadata.name])).toEqual([
    [NAMESPACE, "smoke-pr42-a1b2c3"],
    [NAMESPACE, E2E_JOB],
  ]);
  const e2e = cluster.created[1];
  expect(e2e.spec).toEqual(metric.provider.job!.spec);
  expect(e2e.metadata.labels).toEqual({ "app.kubernetes.io/component": "acceptance" });
  const container = e2e.spec.template.spec.containers[0];
  expect([container.image, container.command, e2e.spec.backoffLimit, e2e.spec.activeDeadlineSeconds]).toEqual([
    E2E_IMAGE,
    ["npm", "run", "e2e"],
    0,
    360,
  ]);
  // Finished Jobs go by their TTL: nothing is deleted, and no log is read for a pass.
  expect(e2e.spec.ttlSecondsAfterFinished).toBe(3600);
  expect(cluster.requests.filter((r) => r.startsWith("DELETE") || r.includes("/log?"))).toEqual([]);
  // A namespace without acceptance templates gets no Job.
  expect(cluster.requests.filter((r) => r.startsWith("POST")).map((r) => r.split("/")[5])).toEqual([
    NAMESPACE,
    NAMESPACE,
  ]);
});

test("a failing test fails the run; the comment names it and shows its last log lines, with review values masked", async () => {
  const secret = "postgres://review:review@review-db.shop.svc:5432/storefront";
  const { cluster, out, up } = run({ "test-e2e": "fail" }, ["connecting to " + secret, "FAIL: cart total is 0"]);
  const { code, comment } = await up();
  expect(code).toBe(1);
  expect(comment).toContain("| **failed**: test-e2e (BackoffLimitExceeded); passed: smoke |");
  expect(comment).toContain(
    [
      `<details><summary>storefront test-e2e: the last lines of Job ${E2E_JOB}'s log</summary>`,
      "",
      "```text",
      "connecting to [secret]",
      "FAIL: cart total is 0",
      "```",
      "</details>",
    ].join("\n"),
  );
  expect(comment).not.toContain(secret);
  expect(cluster.requests).toContain(
    `GET /api/v1/namespaces/${NAMESPACE}/pods/${E2E_JOB}-x1/log?container=test-e2e&tailLines=20`,
  );
  expect(out.lines).toContain(`storefront test-e2e (Job ${NAMESPACE}/${E2E_JOB}): failed, BackoffLimitExceeded`);
});

test("a test past its deadline fails with DeadlineExceeded", async () => {
  const { up } = run({ "test-e2e": "deadline" });
  const { code, comment } = await up();
  expect(code).toBe(1);
  expect(comment).toContain("**failed**: test-e2e (DeadlineExceeded)");
});

test("a test whose image cannot be pulled fails at once, and its Job is deleted (it would never finish)", async () => {
  const { cluster, up } = run({ "test-e2e": "stuck" }, []);
  const { code, comment } = await up();
  expect(code).toBe(1);
  expect(comment).toContain("**failed**: test-e2e (ErrImagePull)");
  expect(comment).toContain("(no log: the container did not run)");
  expect(cluster.requests.filter((r) => r.startsWith("DELETE"))).toEqual([
    `DELETE /apis/batch/v1/namespaces/${NAMESPACE}/jobs/${E2E_JOB}?propagationPolicy=Background`,
  ]);
});

test("a Job that never ends is given up after its deadline and a margin, and deleted", async () => {
  const cluster = new FakeAcceptanceCluster(storefrontTemplates(), {});
  cluster.polls = Number.POSITIVE_INFINITY;
  const { up } = reviewUpSetup({}, undefined, "", cluster);
  const { code, comment } = await up();
  expect(code).toBe(1);
  // 360 s deadline + 30 s, polled every 5 s: 79 reads of the Job.
  expect(cluster.requests.filter((r) => r.endsWith(`/jobs/${E2E_JOB}`))).toHaveLength(79);
  expect(comment).toContain("test-e2e (no end within 390s)");
  expect(cluster.requests.filter((r) => r.startsWith("DELETE"))).toHaveLength(2);
});

test("copies declaring no acceptance check run no Job and say so; a failed up reaches no cluster", async () => {
  const empty = reviewUpSetup();
  const { code, comment } = await empty.up();
  expect(code).toBe(0);
  expect(empty.cluster.created).toEqual([]);
  expect(comment).toContain("| order-worker | — | not served | none declared |");

  const failed = run({});
  failed.backend.upFails.add("shop-staging-pr-42");
  expect((await failed.up()).code).toBe(1);
  expect([failed.connected, failed.cluster.requests]).toEqual([[], []]);
});
